/** `map import|export|check`: team and user mappings as CSV, and the validation report. */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  exportTeamMappingsCsv,
  exportUserMappingsCsv,
  formatValidationReport,
  importTeamMappingsCsv,
  importUserMappingsCsv,
  validateMappings,
} from '../../mappings/index.ts';
import type { CliContext } from '../context.ts';

export async function mapCommand(ctx: CliContext, action: string | undefined, opts: { teams?: string; users?: string; out?: string; which?: string }): Promise<number> {
  const app = await ctx.app();
  if (action === 'import') {
    if (!opts.teams && !opts.users) {
      ctx.io.err('map import needs --teams <file.csv> and/or --users <file.csv>');
      return 2;
    }
    let status = 0;
    for (const [kind, file] of [['teams', opts.teams], ['users', opts.users]] as const) {
      if (!file) continue;
      const text = readFileSync(file, 'utf8');
      const r = kind === 'teams' ? await importTeamMappingsCsv(app.store, text) : await importUserMappingsCsv(app.store, text);
      if (!r.ok) {
        // Nothing was imported from this file: every problem is listed so it can be fixed in one go.
        for (const p of r.error) ctx.io.err(`${file}:${p.line}: ${p.message}`);
        status = 1;
        continue;
      }
      ctx.io.out(`${kind}: ${r.value.created} created, ${r.value.updated} updated, ${r.value.unchanged} unchanged`);
    }
    return status;
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
