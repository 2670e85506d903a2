import type { Queryable } from './types.ts';

/**
 * Thrown when a transaction's callback resolved although one of its statements failed.
 * PostgreSQL aborts such a transaction and answers its COMMIT with a silent ROLLBACK; reporting
 * that as success would lose the writes without a word, so both engines throw this instead.
 */
export class TransactionAbortedError extends Error {
  constructor(readonly firstError: unknown) {
    super(`The transaction was rolled back: a statement in it failed (${firstError instanceof Error ? firstError.message : String(firstError)}).`);
    this.name = 'TransactionAbortedError';
  }
}

/**
 * Runs `fn` between BEGIN and COMMIT on one session, with the same semantics on every engine:
 * committed when it resolves and no statement failed; rolled back, and the error surfaced, when it
 * throws or when it swallowed a failed statement; statements after the transaction closed refused.
 */
export async function runTransaction<T>(
  session: Queryable,
  fn: (tx: Queryable) => Promise<T>,
  onRollbackFailed: (error: unknown) => void = () => undefined,
): Promise<T> {
  let open = true;
  let failure: { error: unknown } | undefined;
  const watch = async <R>(run: () => Promise<R>): Promise<R> => {
    if (!open) throw new Error('The transaction is already closed.');
    try {
      return await run();
    } catch (error) {
      failure ??= { error };
      throw error;
    }
  };
  const tx: Queryable = {
    query: (sql, params) => watch(() => session.query(sql, params)),
    exec: (sql) => watch(() => session.exec(sql)),
  };
  await session.exec('BEGIN');
  let result: T;
  try {
    result = await fn(tx);
  } catch (err) {
    open = false;
    // The callback's error is the one to surface; a ROLLBACK that fails too means the session
    // itself is gone, which the caller hears about through `onRollbackFailed`.
    await session.exec('ROLLBACK').catch(onRollbackFailed);
    throw err;
  }
  open = false;
  if (failure) {
    await session.exec('ROLLBACK');
    throw new TransactionAbortedError(failure.error);
  }
  await session.exec('COMMIT');
  return result;
}
