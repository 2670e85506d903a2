/** `map import|export|check`: team and user mappings as CSV, and the validation report. */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  exportTeamMappingsCsv,
  exportUserMappingsCsv,
  formatValidationReport,
  importMappingsCsv,
  type MappingFiles,
  validateMappings,
} from '../../mappings/index.ts';
import type { CliContext } from '../context.ts';
import { EXIT } from '../exit.ts';

export async function mapCommand(ctx: CliContext, action: string | undefined, opts: { teams?: string; users?: string; out?: string; which?: string }): Promise<number> {
  const app = await ctx.app();
  if (action === 'import') {
    if (!opts.teams && !opts.users) {
      ctx.io.err('map import needs --teams <file.csv> and/or --users <file.csv>');
      return 2;
    }
    const files: MappingFiles = {};
    for (const [kind, file] of [['teams', opts.teams], ['users', opts.users]] as const) {
      if (!file) continue;
      try {
        files[kind] = { file, text: readFileSync(file, 'utf8') };
      } catch (e) {
        ctx.io.err(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        return EXIT.usage;
      }
    }
    const sync = await ctx.sync();
    const r = await importMappingsCsv(app.store, sync.wfm, files);
    if (!r.ok) {
      if (r.error.code === 'WFM_UNAVAILABLE') {
        ctx.io.err(`unavailable: ${r.error.message}; nothing was imported`);
        return EXIT.unavailable;
      }
      // Every problem of both files, so they can be fixed in one go; nothing was imported.
      for (const p of r.error.problems) ctx.io.err(`${p.file}:${p.line}: ${p.message}`);
      const n = r.error.problems.length;
      ctx.io.err(`${n} problem${n === 1 ? '' : 's'}: nothing was imported.`);
      return EXIT.problems;
    }
    for (const kind of ['teams', 'users'] as const) {
      const summary = r.value[kind];
      if (summary) ctx.io.out(`${kind}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged`);
    }
    return EXIT.ok;
  }
  if (action === 'export') {
    const which = opts.which === 'users' ? 'users' : 'teams';
    const csv = which === 'users' ? await exportUserMappingsCsv(app.store) : await exportTeamMappingsCsv(app.store);
    if (opts.out) {
      writeFileSync(opts.out, csv);
      ctx.io.out(`${which} mappings written to ${opts.out}`);
    } else {
      ctx.io.out(csv.replace(/\r?\n$/, ''));
    }
    return 0;
  }
  if (action === 'check') {
    const sync = await ctx.sync();
    const report = await validateMappings(app.store, sync.wfm);
    ctx.io.out(formatValidationReport(report));
    return report.ok ? 0 : 1;
  }
  ctx.io.err('usage: map import --teams <file> --users <file> | map export [teams|users] [--out <file>] | map check');
  return 2;
}
