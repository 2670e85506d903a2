import { describe, expect, it } from 'vitest';
import { BondType, decryptWfiPayload, encryptWfiPayload, readStruct, writeStruct } from '../../connector/crypto/index.ts';
import { wfiVectors } from './vectors.ts';

const schema = { 0: 'int32', 1: 'blob' } as const;

/** Builds a body from raw bytes written as numbers and buffers. */
const bytes = (...parts: Array<number | number[] | Buffer>) =>
  Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(Array.isArray(p) ? p : [p]))));

describe('Bond Compact Binary v1 reader', () => {
  it('reads int32 (zig-zag) and blob fields as the writer writes them', () => {
    for (const value of [0, 1, -1, 63, -64, 300, 2 ** 31 - 1, -(2 ** 31)]) {
      const buf = writeStruct([
        { id: 0, type: 'int32', value },
        { id: 1, type: 'blob', value: Buffer.from('hello') },
      ]);
      const r = readStruct(buf, schema);
      expect(r.ok && r.value.get(0)?.value).toBe(value);
      expect(r.ok && (r.value.get(1)?.value as Buffer).toString()).toBe('hello');
    }
  });

  it('encodes KeyID 1 as the bytes Shifts sends (10 02)', () => {
    expect(writeStruct([{ id: 0, type: 'int32', value: 1 }]).toString('hex')).toBe('100200');
  });

  it('skips unknown fields of every Bond type, with short and long field ids', () => {
    const unknown = bytes(
      (2 << 5) | BondType.BOOL, 1,
      (3 << 5) | BondType.UINT8, 7,
      (4 << 5) | BondType.UINT16, [0xff, 0x03],
      (5 << 5) | BondType.UINT64, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
      (6 << 5) | BondType.FLOAT, 40, [0, 0, 0x80, 0x3f],
      (6 << 5) | BondType.DOUBLE, 41, Buffer.alloc(8),
      (6 << 5) | BondType.STRING, 42, 3, Buffer.from('abc'),
      (6 << 5) | BondType.WSTRING, 43, 2, Buffer.from('a\0b\0', 'latin1'),
      (7 << 5) | BondType.INT64, [0x00, 0x01], [0x81, 0x01],
      (6 << 5) | BondType.STRUCT, 44, [(0 << 5) | BondType.INT16, 4, BondType.STOP_BASE, (1 << 5) | BondType.INT8, 9, BondType.STOP],
      (6 << 5) | BondType.LIST, 45, BondType.STRING, 2, 1, 0x61, 0,
      (6 << 5) | BondType.SET, 46, BondType.INT32, 2, 2, 4,
      (6 << 5) | BondType.MAP, 47, BondType.UINT32, BondType.STRUCT, 1, 5, BondType.STOP,
    );
    const known = writeStruct([
      { id: 0, type: 'int32', value: 1 },
      { id: 1, type: 'blob', value: Buffer.from('payload') },
    ]);
    const buf = Buffer.concat([unknown, known]);
    const r = readStruct(buf, schema);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.get(0)?.value).toBe(1);
    expect(r.ok && (r.value.get(1)?.value as Buffer).toString()).toBe('payload');
  });

  it('still decrypts a real body that carries an extra unknown field, as Bond readers do', () => {
    const v = wfiVectors.vectors[0]!;
    const body = Buffer.from(v.bodyHex, 'hex');
    const extended = Buffer.concat([bytes((6 << 5) | BondType.STRING, 9, 2, Buffer.from('hi')), body]);
    const r = decryptWfiPayload(extended, [wfiVectors.secret]);
    expect(r.ok && r.value.plaintext.toString()).toBe(v.plaintext);
  });

  it.each([
    ['an unknown type id', bytes(0x1f, 0)],
    ['a known field with another type', bytes((0 << 5) | BondType.STRING, 1, 0x41, 0)],
    ['a blob whose elements are not int8', bytes((1 << 5) | BondType.LIST, BondType.INT32, 0, 0)],
    ['a field given twice', bytes(0x10, 2, 0x10, 2, 0)],
    ['bytes after the final stop', bytes(0x10, 2, 0, 0)],
    ['a varint longer than 32 bits', bytes(0x10, [0xff, 0xff, 0xff, 0xff, 0x7f], 0)],
    ['a list of an unknown element type', bytes((3 << 5) | BondType.LIST, 0x1e, 0, 0)],
    ['nesting deeper than the limit', bytes(...Array.from({ length: 40 }, () => (2 << 5) | BondType.STRUCT), 0)],
  ])('rejects %s as malformed', (_what, buf) => {
    const r = readStruct(buf, schema);
    expect(r).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('reports a blob longer than the input as truncated', () => {
    const r = readStruct(bytes((1 << 5) | BondType.LIST, BondType.INT8, 0x7f, 1, 2, 3), schema);
    expect(r).toMatchObject({ ok: false, code: 'truncated' });
  });

  it('round-trips a random envelope through writer and reader', () => {
    const body = encryptWfiPayload('{"requests":[]}', wfiVectors.secret);
    const outer = readStruct(body, schema);
    expect(outer.ok).toBe(true);
    if (!outer.ok) return;
    const rebuilt = writeStruct([
      { id: 0, type: 'int32', value: outer.value.get(0)!.value as number },
      { id: 1, type: 'blob', value: outer.value.get(1)!.value as Buffer },
    ]);
    expect(rebuilt.equals(body)).toBe(true);
  });
});
