/**
 * The admin CLI's exit codes, documented in the README and in `help`. Scripts branch on these,
 * never on the wording of a message.
 */
export const EXIT = {
  /** Done; every check passed. */
  ok: 0,
  /** The command ran and found problems (failed checks, bad rows, a failed run). */
  problems: 1,
  /** Bad usage or configuration: nothing was done. */
  usage: 2,
  /** Something the command needs is unavailable (database, data folder, Graph, the WFM). */
  unavailable: 3,
  /** An unexpected internal error (a bug): the one line says what, the log has the rest. */
  internal: 4,
  /** Interrupted (Ctrl+C). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_TEXT = `exit codes: 0 ok, 1 problems found, 2 usage or configuration, 3 unavailable, 4 internal error, 130 interrupted`;

/** Errors whose Node.js code means "could not reach or open something", not a bug. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EACCES', 'ENOENT', 'EPERM', '57P03', '3D000', '28P01']);

/** One line and an exit code for an error that escaped a command. */
export function describeFailure(err: unknown): { code: ExitCode; line: string } {
  const e: Error & { code?: unknown; cause?: unknown } = err instanceof Error ? err : new Error(String(err));
  if (e.name === 'DataDirInUseError') {
    return { code: EXIT.unavailable, line: `${e.message} (stop the server, or start it so the CLI can reach it through its control socket)` };
  }
  // A declined or expired sign-in is the administrator's decision, reported as a problem.
  if (e.name === 'SignInError') return { code: EXIT.problems, line: `error: ${firstLine(e.message)}` };
  const cause = e.cause instanceof Error ? (e.cause as Error & { code?: unknown }) : undefined;
  const code = typeof e.code === 'string' ? e.code : typeof cause?.code === 'string' ? cause.code : undefined;
  const message = firstLine(e.message) || e.name;
  if (code && UNAVAILABLE_CODES.has(code)) return { code: EXIT.unavailable, line: `unavailable: ${message}${cause && cause.message !== e.message ? ` (${firstLine(cause.message)})` : ''}` };
  return { code: EXIT.internal, line: `internal error: ${message}` };
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? '';
}
