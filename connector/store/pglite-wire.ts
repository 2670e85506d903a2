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
// Written once: PGlite's writer is slow (see `bindExecuteSync`), and these never change.
const COMMIT = serialize.query('COMMIT');
const ROLLBACK = serialize.query('ROLLBACK');
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
    parts.push(bindExecuteSync(st.name, values));
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
    const messages = this.roundTrip([COMMIT]);
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
    this.roundTrip([ROLLBACK]);
  }

  private takeBegin(): Uint8Array[] | undefined {
    if (!this.pendingBegin) return undefined;
    this.pendingBegin = false;
    const st = this.prepare('BEGIN');
    return [bindExecuteSync(st.name, [], false)];
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
    // Through `execProtocolRawStream` with our own receiver, not `execProtocolRawSync`: the
    // latter's default receiver also runs every answer through PGlite's parser and keeps the
    // parsed messages in a list only `PGlite.query` empties, so a store used only through
    // this class grew by about 1 KB per request and parsed everything twice. Without
    // `syncToFs` the call completes before it returns (nothing is awaited; the promise only
    // carries an exception, which leaves the answer without its final ReadyForQuery).
    const chunks: Uint8Array[] = [];
    const done = this.db.execProtocolRawStream(concat(parts), {
      syncToFs: false,
      // Each chunk is a view into PGlite's memory, reused by the next one: copy it.
      onRawData: (chunk: Uint8Array) => void chunks.push(chunk.slice()),
    });
    // A rejection arrives later than the check below, which already fails the statement.
    done.catch(() => undefined);
    const out = chunks.length === 1 ? chunks[0]! : concat(chunks);
    // ReadyForQuery ('Z', 6 bytes) ends every complete answer.
    if (out.length < 6 || out[out.length - 6] !== 0x5a) throw new Error('The embedded database did not finish answering.');
    return parseBackendMessages(out);
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

/**
 * Splits PGlite's answer into backend messages. Rows, row descriptions, parameter
 * descriptions and command completions (nearly every byte of a result) are read here
 * straight from the buffer; every other message (errors, notices, ...) goes to PGlite's own
 * `Parser`, so errors are the same `DatabaseError` objects as before.
 *
 * Why: `Parser` copies the whole answer and then every field into a new ArrayBuffer before
 * decoding it, so returning rows cost about 25 µs each, several times what PostgreSQL needed
 * to produce them (45 shifts: 1.5 ms parsing against 0.25 ms executing).
 */
export function parseBackendMessages(out: Uint8Array): BackendMessage[] {
  const buf = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const messages: BackendMessage[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 5 > buf.length) throw new Error('The embedded database returned a truncated message.');
    const type = buf[at]!;
    const end = at + 1 + buf.readInt32BE(at + 1);
    if (end > buf.length || end < at + 5) throw new Error('The embedded database returned a truncated message.');
    let p = at + 5;
    switch (type) {
      case 0x44: {
        // DataRow: int16 count, then per field int32 length (-1 for NULL) and the text.
        const count = buf.readInt16BE(p);
        p += 2;
        const fields = new Array<string | null>(count);
        for (let i = 0; i < count; i++) {
          const length = buf.readInt32BE(p);
          p += 4;
          if (length < 0) fields[i] = null;
          else {
            fields[i] = buf.toString('utf8', p, p + length);
            p += length;
          }
        }
        messages.push({ name: 'dataRow', fields });
        break;
      }
      case 0x54: {
        // RowDescription: int16 count, then per field its name and six numbers.
        const count = buf.readInt16BE(p);
        p += 2;
        const fields: Field[] = [];
        for (let i = 0; i < count; i++) {
          const zero = buf.indexOf(0, p);
          fields.push({ name: buf.toString('utf8', p, zero), dataTypeID: buf.readInt32BE(zero + 7) });
          p = zero + 19;
        }
        messages.push({ name: 'rowDescription', fields });
        break;
      }
      case 0x74: {
        // ParameterDescription: uint16 count, then one int32 type id per parameter.
        const count = buf.readUInt16BE(p);
        const dataTypeIDs: number[] = [];
        for (let i = 0; i < count; i++) dataTypeIDs.push(buf.readInt32BE(p + 2 + 4 * i));
        messages.push({ name: 'parameterDescription', dataTypeIDs });
        break;
      }
      case 0x43:
        messages.push({ name: 'commandComplete', text: buf.toString('utf8', p, buf.indexOf(0, p)) });
        break;
      case 0x31: // ParseComplete
      case 0x32: // BindComplete
      case 0x33: // CloseComplete
      case 0x6e: // NoData
      case 0x5a: // ReadyForQuery
        // Acknowledgements nothing here reads.
        break;
      default:
        new Parser().parse(out.subarray(at, end), (m) => messages.push(m as unknown as BackendMessage));
    }
    at = end;
  }
  return messages;
}

/** Execute (unnamed portal, all rows; 10 bytes) followed by Sync: the same bytes every time. */
const EXECUTE_SYNC = Buffer.from([0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0x53, 0, 0, 0, 4]);

/**
 * Bind (unnamed portal, text parameters and results), Execute and Sync (unless `sync` is
 * false: a BEGIN sent ahead of its transaction's first statement) in one buffer, as
 * `serialize.bind` + `serialize.execute` + `serialize.sync` would write them. Why: PGlite's
 * writer grows its buffer in steps and copies each value several times; binding was about a
 * tenth of a loaded webhook's time in the store.
 */
export function bindExecuteSync(statement: string, values: ReadonlyArray<string | null>, sync = true): Buffer {
  const lengths = values.map((v) => (v === null ? -1 : Buffer.byteLength(v)));
  // Type byte and length, portal "" and statement name (NUL-terminated), no format codes,
  // the parameter count, each parameter's length and bytes, no result format codes.
  const nameBytes = Buffer.byteLength(statement);
  let size = 1 + 4 + 1 + nameBytes + 1 + 2 + 2 + 2;
  for (const l of lengths) size += 4 + Math.max(l, 0);
  const tail = sync ? EXECUTE_SYNC : EXECUTE_SYNC.subarray(0, 10);
  const out = Buffer.allocUnsafe(size + tail.length);
  let at = 0;
  out[at++] = 0x42;
  out.writeInt32BE(size - 1, at);
  at += 4;
  out[at++] = 0;
  at += out.write(statement, at, 'utf8');
  out[at++] = 0;
  out.writeInt16BE(0, at);
  out.writeInt16BE(values.length, at + 2);
  at += 4;
  for (let i = 0; i < values.length; i++) {
    out.writeInt32BE(lengths[i]!, at);
    at += 4;
    if (lengths[i]! > 0) at += out.write(values[i]!, at, 'utf8');
  }
  out.writeInt16BE(0, at);
  at += 2;
  tail.copy(out, at);
  return out;
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
