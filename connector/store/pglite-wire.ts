/**
 * Runs SQL on PGlite through its wire protocol directly, with named prepared statements.
 *
 * Why: `PGlite.query` sends Parse, Describe, Bind, Describe, Execute and Sync as six separate
 * calls into the WebAssembly backend and parses and plans the statement every time. On the
 * webhook's hot path that overhead was most of the request (a trivial `SELECT $1` cost about
 * 250 µs). Here a statement is parsed and described once per text and kept prepared; each
 * later run is one call (Bind, Execute, Sync), and a transaction's BEGIN travels with its
 * first statement. Values are serialised and rows parsed with PGlite's own type handlers
 * (`db.serializers` / `db.parsers`), so results are exactly what `PGlite.query` returns.
 *
 * Not thread-safe by design: the caller (the PGlite store) serialises access with one mutex,
 * as PGlite itself does, and nothing else may use the PGlite instance.
 */
import { protocol, types, type PGlite } from '@electric-sql/pglite';

type BackendMessage = { name: string } & Record<string, unknown>;
type Field = { name: string; dataTypeID: number };

interface Prepared {
  name: string;
  paramTypes: number[];
  fields: Field[];
}

/** Prepared statements kept per PGlite instance; the least recently used beyond this are closed. */
const MAX_PREPARED = 500;

const { serialize, Parser } = protocol;
const SYNC = serialize.sync();
const SCHEMA_CHANGE = /\b(ALTER|DROP|CREATE)\b/i;

export class PgliteWire {
  private readonly prepared = new Map<string, Prepared>();
  private counter = 0;
  /** Set while a transaction is open and its BEGIN has not been sent yet. */
  private pendingBegin = false;

  constructor(private readonly db: PGlite) {}

  /** Runs one parameterised statement; returns its rows as `PGlite.query` would. */
  query<R>(sql: string, params: readonly unknown[] = []): R[] {
    const st = this.prepare(sql);
    if (params.length !== st.paramTypes.length) {
      throw new Error(`bind message supplies ${params.length} parameters, but prepared statement requires ${st.paramTypes.length}`);
    }
    const values = params.map((v, i) => this.serializeValue(v, st.paramTypes[i]!));
    const parts: Uint8Array[] = [];
    const begin = this.takeBegin();
    if (begin) parts.push(...begin);
    parts.push(serialize.bind({ statement: st.name, values }), serialize.execute({}), SYNC);
    const messages = this.roundTrip(parts);
    const error = messages.find((m) => m.name === 'error');
    if (error) {
      if (isStalePlan(error)) {
        // The statement's tables changed shape (a migration): forget it and run it afresh.
        this.forget(sql);
        if (!begin) return this.query(sql, params);
      }
      throw error;
    }
    return this.rows<R>(messages, st.fields);
  }

  /**
   * Runs a script of one or more statements without parameters (simple protocol); returns
   * each statement's rows. Throws the first error (the rest of the script is not run).
   */
  exec(sql: string): Array<Record<string, unknown>[]> {
    const parts: Uint8Array[] = [];
    const begin = this.takeBegin();
    if (begin) parts.push(...begin);
    parts.push(serialize.query(sql));
    const messages = this.roundTrip(parts);
    const error = messages.find((m) => m.name === 'error');
    // DDL may change what prepared statements return: prepare everything afresh after it.
    if (SCHEMA_CHANGE.test(sql)) this.forgetAll();
    if (error) throw error;
    const results: Array<Record<string, unknown>[]> = [];
    let fields: Field[] | undefined;
    let rows: Record<string, unknown>[] = [];
    for (const m of messages) {
      if (m.name === 'rowDescription') {
        fields = (m.fields as Field[]).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
        rows = [];
      } else if (m.name === 'dataRow' && fields) {
        rows.push(this.row(m.fields as Array<string | null>, fields));
      } else if (m.name === 'commandComplete') {
        results.push(fields ? rows : []);
        fields = undefined;
        rows = [];
      }
    }
    return results;
  }

  /** Opens a transaction; BEGIN is sent together with its first statement. */
  begin(): void {
    this.pendingBegin = true;
  }

  /** Commits; throws when PostgreSQL rolled the transaction back instead (an error inside it). */
  commit(): void {
    if (this.pendingBegin) {
      // Nothing ran in it: there is nothing to commit.
      this.pendingBegin = false;
      return;
    }
    const messages = this.roundTrip([serialize.query('COMMIT')]);
    const error = messages.find((m) => m.name === 'error');
    if (error) throw error;
    const done = messages.find((m) => m.name === 'commandComplete') as { text?: string } | undefined;
    if (done?.text === 'ROLLBACK') throw new TransactionRolledBackError();
  }

  rollback(): void {
    if (this.pendingBegin) {
      this.pendingBegin = false;
      return;
    }
    this.roundTrip([serialize.query('ROLLBACK')]);
  }

  private takeBegin(): Uint8Array[] | undefined {
    if (!this.pendingBegin) return undefined;
    this.pendingBegin = false;
    const st = this.prepare('BEGIN');
    return [serialize.bind({ statement: st.name, values: [] }), serialize.execute({})];
  }

  private prepare(sql: string): Prepared {
    const hit = this.prepared.get(sql);
    if (hit) {
      // Map order is insertion order: re-inserting keeps the least recently used first.
      this.prepared.delete(sql);
      this.prepared.set(sql, hit);
      return hit;
    }
    const name = `pw${++this.counter}`;
    const messages = this.roundTrip([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), SYNC]);
    const error = messages.find((m) => m.name === 'error');
    if (error) throw error;
    const params = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs?: number[] } | undefined;
    const description = messages.find((m) => m.name === 'rowDescription') as { fields?: Field[] } | undefined;
    const st: Prepared = {
      name,
      paramTypes: params?.dataTypeIDs ?? [],
      fields: (description?.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    };
    this.prepared.set(sql, st);
    if (this.prepared.size > MAX_PREPARED) {
      const oldest = this.prepared.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
    return st;
  }

  private forget(sql: string): void {
    const st = this.prepared.get(sql);
    if (!st) return;
    this.prepared.delete(sql);
    // Closing is harmless inside a failed transaction too: Close is allowed in that state.
    this.roundTrip([serialize.close({ type: 'S', name: st.name }), SYNC]);
  }

  private forgetAll(): void {
    if (this.prepared.size === 0) return;
    this.prepared.clear();
    this.roundTrip([serialize.query('DEALLOCATE ALL')]);
  }

  private serializeValue(v: unknown, type: number): string | null {
    if (v === null || v === undefined) return null;
    const serializer = this.db.serializers[type];
    return serializer ? serializer(v) : String(v as string);
  }

  private roundTrip(parts: Uint8Array[]): BackendMessage[] {
    const out = this.db.execProtocolRawSync(concat(parts));
    const messages: BackendMessage[] = [];
    // The answer is a view into PGlite's receive buffer: parse it before the next call.
    new Parser().parse(out, (m) => messages.push(m as unknown as BackendMessage));
    return messages;
  }

  private rows<R>(messages: BackendMessage[], fields: Field[]): R[] {
    const rows: R[] = [];
    for (const m of messages) {
      if (m.name === 'dataRow') rows.push(this.row(m.fields as Array<string | null>, fields) as R);
    }
    return rows;
  }

  private row(values: Array<string | null>, fields: Field[]): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      row[f.name] = types.parseType(values[i] ?? null, f.dataTypeID, this.db.parsers);
    }
    return row;
  }
}

/** COMMIT answered ROLLBACK: a statement in the transaction had failed and was swallowed. */
export class TransactionRolledBackError extends Error {
  constructor() {
    super('The transaction was rolled back because a statement in it failed.');
    this.name = 'TransactionRolledBackError';
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** "cached plan must not change result type": a prepared statement outlived a schema change. */
function isStalePlan(error: BackendMessage): boolean {
  return error.code === '0A000' && String(error.message).includes('cached plan');
}
