/**
 * The embedded store's own protocol code: the Bind message it writes and the answers it reads
 * must be byte-for-byte and value-for-value what PGlite's serializer and parser produce, and
 * values of every kind the app stores must come back as they went in.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { protocol } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../connector/store/index.ts';
import { bindExecuteSync, parseBackendMessages } from '../../connector/store/pglite-wire.ts';

const { serialize, Parser } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe('PGlite wire messages', () => {
  it('writes Bind, Execute and Sync (or no Sync) exactly as PGlite serializes them', () => {
    const cases: Array<[string, Array<string | null>]> = [
      ['pw1', []],
      ['pw12', ['plain', null, '', '{"a":[1,2]}']],
      ['pw7', ['Zoë — 東京 🚀', '{"x","y \\"q\\""}', null]],
      ['a-longer-statement-name-41', Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? null : `v${i}`.repeat(i)))],
    ];
    for (const [statement, values] of cases) {
      const theirs = concat([serialize.bind({ statement, values }), serialize.execute({}), serialize.sync()]);
      const ours = bindExecuteSync(statement, values);
      // PGlite writes one text format code per parameter; "no codes" means the same (all
      // text). Compare the parameter values and everything around them.
      const decode = (bytes: Uint8Array) => {
        const b = Buffer.from(bytes);
        let at = 5;
        const zero1 = b.indexOf(0, at);
        const portal = b.toString('utf8', at, zero1);
        at = zero1 + 1;
        const zero2 = b.indexOf(0, at);
        const name = b.toString('utf8', at, zero2);
        at = zero2 + 1;
        const formats = b.readInt16BE(at);
        const codes = Array.from({ length: formats }, (_, i) => b.readInt16BE(at + 2 + 2 * i));
        at += 2 + 2 * formats;
        const count = b.readInt16BE(at);
        at += 2;
        const params: Array<string | null> = [];
        for (let i = 0; i < count; i++) {
          const l = b.readInt32BE(at);
          at += 4;
          params.push(l < 0 ? null : b.toString('utf8', at, at + l));
          at += Math.max(l, 0);
        }
        const resultFormats = b.readInt16BE(at);
        at += 2;
        expect(b.readInt32BE(1)).toBe(at - 1);
        return { portal, name, textOnly: codes.every((c) => c === 0), params, resultFormats, rest: [...b.subarray(at)] };
      };
      const a = decode(ours);
      const b = decode(theirs);
      expect(a).toEqual(b);
      expect(a.params).toEqual(values);
      // Without Sync (a BEGIN sent ahead of its transaction's first statement).
      expect(decode(bindExecuteSync(statement, values, false))).toEqual(decode(concat([serialize.bind({ statement, values }), serialize.execute({})])));
    }
  });

  it('reads rows, descriptions, completions and errors as PGlite parses them', () => {
    const row = (fields: Array<string | null>) => {
      const body = Buffer.concat([
        Buffer.from([0, fields.length]),
        ...fields.map((f) => (f === null ? Buffer.from([0xff, 0xff, 0xff, 0xff]) : Buffer.concat([int32(Buffer.byteLength(f)), Buffer.from(f)]))),
      ]);
      return Buffer.concat([Buffer.from('D'), int32(body.length + 4), body]);
    };
    const int32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(n);
      return b;
    };
    const message = (type: string, body: Buffer) => Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
    const field = (name: string, type: number) => {
      const b = Buffer.alloc(18);
      b.writeInt32BE(16384, 0);
      b.writeInt16BE(2, 4);
      b.writeInt32BE(type, 6);
      b.writeInt16BE(-1, 10);
      b.writeInt32BE(-1, 12);
      b.writeInt16BE(0, 16);
      return Buffer.concat([Buffer.from(name), Buffer.from([0]), b]);
    };
    const error = message('E', Buffer.concat(['SERROR', 'C23505', 'Mduplicate key value violates unique constraint "items_name_key"', 'nitems_name_key', ''].map((s) => Buffer.from(`${s}\0`))));
    const answer = Buffer.concat([
      message('1', Buffer.alloc(0)),
      message('t', Buffer.from([0, 2, 0, 0, 0, 25, 0, 0, 0x04, 0xa0])),
      message('T', Buffer.concat([Buffer.from([0, 3]), field('id', 23), field('naïve name', 25), field('at', 1184)])),
      message('2', Buffer.alloc(0)),
      row(['1', 'Zoë 東京', '2026-11-21 10:00:00+00']),
      row(['2', null, '']),
      message('C', Buffer.from('SELECT 2\0')),
      error,
      message('Z', Buffer.from('I')),
    ]);
    const theirs: Array<Record<string, unknown>> = [];
    new Parser().parse(new Uint8Array(answer), (m) => theirs.push(m as unknown as Record<string, unknown>));
    const ours = parseBackendMessages(new Uint8Array(answer));
    const read = (messages: Array<Record<string, unknown>>) =>
      messages
        .filter((m) => ['dataRow', 'rowDescription', 'parameterDescription', 'commandComplete', 'error'].includes(m.name as string))
        .map((m) =>
          m.name === 'rowDescription'
            ? { name: m.name, fields: (m.fields as Array<{ name: string; dataTypeID: number }>).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) }
            : m.name === 'error'
              ? { name: m.name, message: (m as { message?: string }).message, code: m.code, constraint: m.constraint, isError: m instanceof Error }
              : m.name === 'parameterDescription'
                ? { name: m.name, dataTypeIDs: m.dataTypeIDs }
                : m.name === 'dataRow'
                  ? { name: m.name, fields: m.fields }
                  : { name: m.name, text: m.text },
        );
    expect(read(ours)).toEqual(read(theirs));
    expect(read(ours)).toHaveLength(6);
  });

  it('refuses a truncated answer instead of reading past it', () => {
    const complete = Buffer.from([0x43, 0, 0, 0, 13, ...Buffer.from('SELECT 1'), 0]);
    expect(parseBackendMessages(new Uint8Array(complete))).toEqual([{ name: 'commandComplete', text: 'SELECT 1' }]);
    expect(() => parseBackendMessages(new Uint8Array(complete.subarray(0, 9)))).toThrow(/truncated/);
    expect(() => parseBackendMessages(new Uint8Array(complete.subarray(0, 3)))).toThrow(/truncated/);
  });
});

describe('PGlite store values', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await store.close();
  });

  it('returns every kind of value the app stores as it was written', async () => {
    await store.exec(`CREATE TABLE kinds (id serial PRIMARY KEY, t text, n int, b bigint, f float8, ok boolean, at timestamptz,
                      d date, j jsonb, arr text[], bytes bytea)`);
    const values = ['Zoë — 東京 🚀 "quoted" \\ back', -42, 9_007_199_254_740_991, 1.5, true, new Date('2026-03-08T07:30:00.123Z'), '2026-11-21', { a: [1, 'two', null], 'ü': { nested: true } }, ['x', 'y,z', 'with "q"', ''], Uint8Array.from([0, 1, 254, 255])];
    const [row] = await store.query<Record<string, unknown>>(
      'INSERT INTO kinds (t, n, b, f, ok, at, d, j, arr, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING t, n, b, f, ok, at, d, j, arr, bytes',
      values,
    );
    expect(row!.t).toBe(values[0]);
    expect(row!.n).toBe(-42);
    expect(row!.b).toBe(9_007_199_254_740_991);
    expect(row!.f).toBe(1.5);
    expect(row!.ok).toBe(true);
    expect((row!.at as Date).toISOString()).toBe('2026-03-08T07:30:00.123Z');
    expect(row!.j).toEqual(values[7]);
    expect(row!.arr).toEqual(values[8]);
    expect([...(row!.bytes as Uint8Array)]).toEqual([0, 1, 254, 255]);
    const nulls = await store.query<Record<string, unknown>>('SELECT $1::text AS a, $2::int AS b, NULL::jsonb AS c', [null, null]);
    expect(nulls).toEqual([{ a: null, b: null, c: null }]);
  });

  it('returns many rows with multi-byte text intact', async () => {
    await store.exec('CREATE TABLE many (id int PRIMARY KEY, name text)');
    const names = Array.from({ length: 500 }, (_, i) => `${i}: ${'é東🚀'.repeat(i % 7)}`);
    await store.query('INSERT INTO many SELECT i - 1, n FROM unnest($1::text[]) WITH ORDINALITY AS v(n, i)', [names]);
    const rows = await store.query<{ id: number; name: string }>('SELECT id, name FROM many ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(names);
  });

  it('keeps nothing per statement: a long-running store does not grow', async () => {
    // PGlite's default receiver kept every parsed answer until `PGlite.query` ran; the store
    // never calls that, so each statement used to leave its rows behind (~1 KB a request).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const rows = Array.from({ length: 20 }, (_, i) => `row ${i} ${'x'.repeat(40)}`);
    const run = async (n: number) => {
      for (let i = 0; i < n; i++) await store.query('SELECT * FROM unnest($1::text[]) AS v(name)', [rows]);
    };
    await run(500);
    gc();
    const before = process.memoryUsage().heapUsed;
    await run(5000);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // 5000 answers of 20 rows kept would be well over 10 MB.
    expect(grown).toBeLessThan(3 * 1024 * 1024);
  });

  it('raises PostgreSQL errors with their code and constraint', async () => {
    await store.exec('CREATE TABLE uniq (name text UNIQUE)');
    await store.query('INSERT INTO uniq VALUES ($1)', ['a']);
    await expect(store.query('INSERT INTO uniq VALUES ($1)', ['a'])).rejects.toMatchObject({ code: '23505', constraint: 'uniq_name_key' });
  });
});
