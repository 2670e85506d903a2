/**
 * A minimal Microsoft Bond Compact Binary v1 reader and writer: exactly what the Shifts
 * workforce-integration envelope needs (structs of int32 and blob fields), plus skipping of
 * every other Bond type so that unknown fields are ignored the way Bond readers ignore them.
 *
 * Wire format (Compact Binary v1):
 * - field header: `(id << 5) | type` for ids 0-5; `(6 << 5) | type` + 1 byte id for ids up to
 *   255; `(7 << 5) | type` + 2 bytes little-endian id beyond;
 * - unsigned integers are varints, signed ones zig-zag varints, int8/uint8/bool one byte,
 *   float/double 4/8 bytes little-endian;
 * - string: varint byte count + bytes; wstring: varint code-unit count + 2 bytes each;
 * - list/set: element type byte + varint count + elements (v1 never packs the count);
 *   map: key type byte + value type byte + varint count + pairs;
 * - a struct is its fields followed by `BT_STOP` (`BT_STOP_BASE` ends a base struct's part).
 *
 * The reader never throws: it returns a `BondResult`, distinguishing input that ends early
 * (`truncated`) from input that can never be valid (`malformed`).
 */

export const BondType = {
  STOP: 0,
  STOP_BASE: 1,
  BOOL: 2,
  UINT8: 3,
  UINT16: 4,
  UINT32: 5,
  UINT64: 6,
  FLOAT: 7,
  DOUBLE: 8,
  STRING: 9,
  STRUCT: 10,
  LIST: 11,
  SET: 12,
  MAP: 13,
  INT8: 14,
  INT16: 15,
  INT32: 16,
  INT64: 17,
  WSTRING: 18,
} as const;
export type BondTypeId = (typeof BondType)[keyof typeof BondType];

/** Why a Bond buffer could not be read. */
export type BondErrorCode = 'truncated' | 'malformed';

export type BondResult<T> = { ok: true; value: T } | { ok: false; code: BondErrorCode; reason: string };

/** A field value the envelope schemas know: int32 or blob. */
export type BondFieldValue = { type: 'int32'; value: number } | { type: 'blob'; value: Buffer };

/** The schema of a struct this reader extracts: field id → expected kind. */
export type StructSchema = Readonly<Record<number, 'int32' | 'blob'>>;

/** Nested containers/structs deeper than this are rejected (stack safety on hostile input). */
const MAX_DEPTH = 32;

class BondFailure {
  constructor(
    readonly code: BondErrorCode,
    readonly reason: string,
  ) {}
}

/** Cursor over a buffer; every read checks bounds and throws a `BondFailure` (caught inside). */
class Cursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  byte(): number {
    if (this.pos >= this.buf.length) throw new BondFailure('truncated', 'input ends inside a value');
    return this.buf[this.pos++]!;
  }

  bytes(n: number): Buffer {
    if (n > this.buf.length - this.pos) throw new BondFailure('truncated', 'input ends inside a value');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number): void {
    if (n > this.buf.length - this.pos) throw new BondFailure('truncated', 'input ends inside a value');
    this.pos += n;
  }

  /** An unsigned varint of at most `maxBytes` bytes, as a number (safe for 32 bits). */
  varint32(): number {
    let result = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      if (i === 4 && b > 0x0f) throw new BondFailure('malformed', 'varint overflows 32 bits');
      result += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return result;
    }
    throw new BondFailure('malformed', 'varint overflows 32 bits');
  }

  /** Skips a varint of up to 10 bytes (64-bit values). */
  skipVarint64(): void {
    for (let i = 0; i < 10; i++) {
      if ((this.byte() & 0x80) === 0) return;
    }
    throw new BondFailure('malformed', 'varint overflows 64 bits');
  }

  fieldHeader(): { type: number; id: number } {
    const b = this.byte();
    const type = b & 0x1f;
    const tag = b >> 5;
    if (tag === 6) return { type, id: this.byte() };
    if (tag === 7) {
      const lo = this.byte();
      return { type, id: lo | (this.byte() << 8) };
    }
    return { type, id: tag };
  }
}

function zigzagDecode32(n: number): number {
  // n < 2^32 here; `>>> 0` keeps the arithmetic in unsigned 32-bit space.
  return (n >>> 1) ^ -(n & 1);
}

function zigzagEncode32(n: number): number {
  return ((n << 1) ^ (n >> 31)) >>> 0;
}

function skipValue(c: Cursor, type: number, depth: number): void {
  if (depth > MAX_DEPTH) throw new BondFailure('malformed', 'nesting too deep');
  switch (type) {
    case BondType.BOOL:
    case BondType.UINT8:
    case BondType.INT8:
      c.skip(1);
      return;
    case BondType.UINT16:
    case BondType.UINT32:
    case BondType.INT16:
    case BondType.INT32:
      c.varint32();
      return;
    case BondType.UINT64:
    case BondType.INT64:
      c.skipVarint64();
      return;
    case BondType.FLOAT:
      c.skip(4);
      return;
    case BondType.DOUBLE:
      c.skip(8);
      return;
    case BondType.STRING:
      c.skip(c.varint32());
      return;
    case BondType.WSTRING:
      c.skip(c.varint32() * 2);
      return;
    case BondType.STRUCT:
      skipStruct(c, depth + 1);
      return;
    case BondType.LIST:
    case BondType.SET: {
      const elem = c.byte();
      const count = c.varint32();
      if (!isValueType(elem)) throw new BondFailure('malformed', `unknown element type ${elem}`);
      if (elem === BondType.INT8 || elem === BondType.UINT8 || elem === BondType.BOOL) {
        c.skip(count);
        return;
      }
      for (let i = 0; i < count; i++) skipValue(c, elem, depth + 1);
      return;
    }
    case BondType.MAP: {
      const key = c.byte();
      const value = c.byte();
      const count = c.varint32();
      if (!isValueType(key) || !isValueType(value)) throw new BondFailure('malformed', 'unknown map element type');
      for (let i = 0; i < count; i++) {
        skipValue(c, key, depth + 1);
        skipValue(c, value, depth + 1);
      }
      return;
    }
    default:
      throw new BondFailure('malformed', `unknown field type ${type}`);
  }
}

function isValueType(t: number): boolean {
  return t >= BondType.BOOL && t <= BondType.WSTRING;
}

/** Skips a struct's fields up to its final `BT_STOP`, crossing `BT_STOP_BASE` markers. */
function skipStruct(c: Cursor, depth: number): void {
  for (;;) {
    const { type, id } = c.fieldHeader();
    void id;
    if (type === BondType.STOP) return;
    if (type === BondType.STOP_BASE) continue;
    skipValue(c, type, depth);
  }
}

/**
 * Reads one struct from `buf` (the whole buffer: trailing bytes are rejected), returning the
 * fields named in `schema` and skipping all others. A known field with another wire type, or a
 * known field given twice, is malformed: the envelope has no room for ambiguity.
 */
export function readStruct(buf: Buffer, schema: StructSchema): BondResult<Map<number, BondFieldValue>> {
  const c = new Cursor(buf);
  const fields = new Map<number, BondFieldValue>();
  try {
    for (;;) {
      const { type, id } = c.fieldHeader();
      if (type === BondType.STOP) break;
      if (type === BondType.STOP_BASE) continue;
      const expected = schema[id];
      if (expected === undefined) {
        skipValue(c, type, 1);
        continue;
      }
      if (fields.has(id)) throw new BondFailure('malformed', `field ${id} appears twice`);
      if (expected === 'int32') {
        if (type !== BondType.INT32) throw new BondFailure('malformed', `field ${id} is not an int32`);
        fields.set(id, { type: 'int32', value: zigzagDecode32(c.varint32()) });
      } else {
        if (type !== BondType.LIST) throw new BondFailure('malformed', `field ${id} is not a blob`);
        const elem = c.byte();
        const count = c.varint32();
        if (elem !== BondType.INT8) throw new BondFailure('malformed', `field ${id} is not a blob`);
        fields.set(id, { type: 'blob', value: c.bytes(count) });
      }
    }
    if (c.pos !== buf.length) return { ok: false, code: 'malformed', reason: 'bytes after the end of the struct' };
    return { ok: true, value: fields };
  } catch (e) {
    if (e instanceof BondFailure) return { ok: false, code: e.code, reason: e.reason };
    throw e;
  }
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

function fieldHeaderBytes(id: number, type: number): number[] {
  if (id <= 5) return [(id << 5) | type];
  if (id <= 0xff) return [(6 << 5) | type, id];
  return [(7 << 5) | type, id & 0xff, (id >> 8) & 0xff];
}

/** A struct field to write, in id order. */
export type BondWriteField = { id: number; type: 'int32'; value: number } | { id: number; type: 'blob'; value: Buffer };

/** Writes a Compact Binary v1 struct of int32 and blob fields (in the order given) and its stop byte. */
export function writeStruct(fields: readonly BondWriteField[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of fields) {
    if (!Number.isInteger(f.id) || f.id < 0 || f.id > 0xffff) throw new RangeError(`invalid Bond field id ${f.id}`);
    if (f.type === 'int32') {
      if (!Number.isInteger(f.value) || f.value < -(2 ** 31) || f.value >= 2 ** 31) {
        throw new RangeError(`field ${f.id} is not an int32`);
      }
      parts.push(Buffer.from([...fieldHeaderBytes(f.id, BondType.INT32), ...varintBytes(zigzagEncode32(f.value))]));
    } else {
      parts.push(
        Buffer.from([...fieldHeaderBytes(f.id, BondType.LIST), BondType.INT8, ...varintBytes(f.value.length)]),
        f.value,
      );
    }
  }
  parts.push(Buffer.from([BondType.STOP]));
  return Buffer.concat(parts);
}
