import { describe, expect, it } from 'vitest';
import { decryptWfiPayload, encryptWfiPayload, readStruct } from '../../connector/crypto/index.ts';
import { wfiVectors } from './vectors.ts';

const { secret } = wfiVectors;
const otherSecret = 'b'.repeat(64);

/** Where each envelope field's bytes sit inside a body (offsets into the body). */
function fieldOffsets(body: Buffer): Record<'keyId' | 'ek' | 'iv' | 'ct' | 'at', { start: number; end: number }> {
  const outer = readStruct(body, { 0: 'int32', 1: 'blob' });
  if (!outer.ok) throw new Error('vector does not parse');
  const payload = outer.value.get(1)!.value as Buffer;
  const inner = readStruct(payload, { 0: 'blob', 1: 'blob', 2: 'blob', 3: 'blob' });
  if (!inner.ok) throw new Error('vector ciphertext does not parse');
  const at = (id: number) => {
    const b = inner.value.get(id)!.value as Buffer;
    const start = b.byteOffset - body.byteOffset;
    return { start, end: start + b.length };
  };
  // KeyID is the varint right after the first header byte.
  return { keyId: { start: 1, end: 2 }, ek: at(0), iv: at(1), ct: at(2), at: at(3) };
}

describe('WFI body decryption', () => {
  for (const v of wfiVectors.vectors) {
    it(`reproduces the "${v.name}" vector byte for byte and decrypts it`, () => {
      const body = encryptWfiPayload(v.plaintext, secret, {
        dek: Buffer.from(v.dekHex, 'hex'),
        iv: Buffer.from(v.ivHex, 'hex'),
      });
      expect(body.toString('hex')).toBe(v.bodyHex);
      const result = decryptWfiPayload(Buffer.from(v.bodyHex, 'hex'), [secret]);
      expect(result.ok && result.value.plaintext.toString('utf8')).toBe(v.plaintext);
      expect(result.ok && result.value.secretIndex).toBe(0);
    });

    it(`rejects the "${v.name}" vector when any byte of KeyID, EK, IV, CT or AT is changed`, () => {
      const body = Buffer.from(v.bodyHex, 'hex');
      const offsets = fieldOffsets(body);
      for (const [field, range] of Object.entries(offsets)) {
        for (let i = range.start; i < range.end; i++) {
          const tampered = Buffer.from(body);
          tampered[i]! ^= 0x01;
          const result = decryptWfiPayload(tampered, [secret]);
          expect(result.ok, `${field} byte ${i}`).toBe(false);
          if (!result.ok) expect(result.error.code, `${field} byte ${i}`).toBe(field === 'keyId' ? 'bad_key_id' : 'bad_tag');
        }
      }
    });

    it(`reports every truncation of the "${v.name}" vector as truncated`, () => {
      const body = Buffer.from(v.bodyHex, 'hex');
      for (let n = 0; n < body.length; n++) {
        const result = decryptWfiPayload(body.subarray(0, n), [secret]);
        expect(result.ok, `length ${n}`).toBe(false);
        if (!result.ok) expect(result.error.code, `length ${n}`).toBe('truncated');
      }
    });
  }

  it('round-trips random plaintexts of every length around the block size', () => {
    for (let n = 0; n < 70; n++) {
      const plaintext = Buffer.alloc(n, n);
      const result = decryptWfiPayload(encryptWfiPayload(plaintext, secret), [secret]);
      expect(result.ok && result.value.plaintext.equals(plaintext), `length ${n}`).toBe(true);
    }
  });

  it('accepts the previous secret during rotation and reports which one matched', () => {
    const body = encryptWfiPayload('{"x":1}', secret);
    const result = decryptWfiPayload(body, [otherSecret, secret]);
    expect(result.ok && result.value.secretIndex).toBe(1);
  });

  it('refuses a body encrypted with a secret that is not configured', () => {
    const result = decryptWfiPayload(encryptWfiPayload('{"x":1}', otherSecret), [secret]);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_tag' } });
  });

  it('refuses a correctly tagged body whose key id is not 1', () => {
    const result = decryptWfiPayload(encryptWfiPayload('{"x":1}', secret, { keyId: 2 }), [secret]);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_key_id' } });
  });

  it('refuses everything when no secret is configured', () => {
    const result = decryptWfiPayload(encryptWfiPayload('{"x":1}', secret), []);
    expect(result).toMatchObject({ ok: false, error: { code: 'no_secret' } });
  });

  it('never puts key material or body bytes into its error messages', () => {
    const body = Buffer.from(wfiVectors.vectors[0]!.bodyHex, 'hex');
    const tampered = Buffer.from(body);
    tampered[body.length - 3]! ^= 0xff;
    const failures = [
      decryptWfiPayload(tampered, [secret]),
      decryptWfiPayload(body.subarray(0, 50), [secret]),
      decryptWfiPayload(Buffer.from('not bond at all'), [secret]),
    ];
    for (const f of failures) {
      expect(f.ok).toBe(false);
      const text = JSON.stringify(f);
      expect(text).not.toContain(secret.slice(0, 16));
      expect(text).not.toContain(secret.slice(32, 48));
      expect(text).not.toMatch(/[0-9a-f]{16}/i);
    }
  });

  it('refuses to encrypt with a secret that is not 64 bytes', () => {
    expect(() => encryptWfiPayload('x', 'short')).toThrow(/64 bytes/);
  });
});
