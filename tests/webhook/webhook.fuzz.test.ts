import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptWfiPayload, encryptWfiPayload, writeStruct } from '../../connector/crypto/index.ts';
import { wfiVectors } from './vectors.ts';

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const { secret } = wfiVectors;
const authentic = wfiVectors.vectors.map((v) => ({ body: Buffer.from(v.bodyHex, 'hex'), plaintext: v.plaintext }));

function mutate(body: Buffer, rnd: () => number): Buffer {
  const int = (n: number) => Math.floor(rnd() * n);
  let out = Buffer.from(body);
  const steps = 1 + int(4);
  for (let s = 0; s < steps; s++) {
    const at = int(out.length + 1);
    switch (int(7)) {
      case 0: // flip one bit
        if (out.length) out[Math.min(at, out.length - 1)]! ^= 1 << int(8);
        break;
      case 1: // overwrite a byte
        if (out.length) out[Math.min(at, out.length - 1)] = int(256);
        break;
      case 2: // insert bytes
        out = Buffer.concat([out.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(4) }, () => int(256))), out.subarray(at)]);
        break;
      case 3: // delete bytes
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + int(8))]);
        break;
      case 4: // truncate
        out = out.subarray(0, at);
        break;
      case 5: { // duplicate a slice
        const from = int(out.length);
        out = Buffer.concat([out.subarray(0, at), out.subarray(from, from + 1 + int(16)), out.subarray(at)]);
        break;
      }
      default: // splice with another authentic body
        out = Buffer.concat([out.subarray(0, at), authentic[int(authentic.length)]!.body.subarray(int(200))]);
    }
  }
  return out;
}

/** A well-formed envelope with random EK/IV/CT/AT of plausible sizes: reaches the tag check. */
function forgedEnvelope(rnd: () => number): Buffer {
  const inner = writeStruct([
    { id: 0, type: 'blob', value: randomBytes(32) },
    { id: 1, type: 'blob', value: randomBytes(16) },
    { id: 2, type: 'blob', value: randomBytes(16 * (1 + Math.floor(rnd() * 8))) },
    { id: 3, type: 'blob', value: randomBytes(32) },
  ]);
  return writeStruct([
    { id: 0, type: 'int32', value: 1 },
    { id: 1, type: 'blob', value: inner },
  ]);
}

describe('WFI decryptor under fuzzing', () => {
  it('never throws and never accepts a forgery over 100,000 random, forged and mutated bodies', () => {
    const rnd = prng(0x5eed);
    let accepted = 0;
    const total = 100_000;
    for (let i = 0; i < total; i++) {
      const kind = i % 4;
      let body: Buffer;
      if (kind === 0) body = randomBytes(Math.floor(rnd() * 400));
      else if (kind === 1) body = forgedEnvelope(rnd);
      else body = mutate(authentic[i % authentic.length]!.body, rnd);

      let result: ReturnType<typeof decryptWfiPayload>;
      try {
        result = decryptWfiPayload(body, [secret]);
      } catch (e) {
        throw new Error(`decryptor threw on case ${i} (${body.toString('hex')}): ${String(e)}`);
      }
      if (result.ok) {
        // The only acceptable acceptance: an authentic body whose framing changed in a way Bond
        // ignores (e.g. an inserted unknown field). The content must be exactly authentic.
        if (!authentic.some((a) => a.body.equals(body))) accepted++;
        const plaintext = result.value.plaintext.toString('utf8');
        expect(authentic.some((a) => a.plaintext === plaintext), `case ${i} forged content`).toBe(true);
        expect(kind, `case ${i}: random or forged body accepted`).toBeGreaterThanOrEqual(2);
      } else {
        expect(['malformed', 'truncated', 'bad_key_id', 'bad_tag']).toContain(result.error.code);
      }
    }
    // Mutations almost always break the tag; a handful of framing-only changes may survive.
    expect(accepted).toBeLessThan(total / 100);
  });

  it('accepts a freshly encrypted body after all that (the decryptor keeps no state)', () => {
    const body = encryptWfiPayload('{"requests":[]}', secret);
    expect(decryptWfiPayload(body, [secret]).ok).toBe(true);
  });
});
