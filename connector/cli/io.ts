/** Where CLI output goes (tests capture it) and how results are printed. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Rewrites the current line (progress bar); a no-op when output is not a terminal. */
  progress(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  progress: (line) => {
    if (process.stdout.isTTY) process.stdout.write(`\r${line}\u001b[K`);
  },
};

/** A text progress bar: `[#####.....] 12/40 writes`. */
export function progressBar(done: number, total: number, width = 30): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} writes`;
}

/** Aligned columns for status tables. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}
