/**
 * The Shifts workforce-integration body encryption: AES-256-CBC + HMAC-SHA256 with a wrapped
 * data key, framed in Bond Compact Binary v1 (see docs/webhook.md and graph-shifts.md §8.4).
 *
 * Body = `EncryptionManagerPayload { 0: int32 KeyID; 1: blob Ciphertext }`, where Ciphertext =
 * `AesCbcHmacEncryptorPayload { 0: blob EK; 1: blob IV; 2: blob CT; 3: blob AT }`.
 * Key material = the UTF-8 bytes of the 64-character shared secret: bytes 0-31 are the HMAC
 * key, bytes 32-63 the key-encryption key (KEK). `EK = AES-256-ECB(KEK, DEK)` without padding,
 * `CT = AES-256-CBC(DEK, IV, plaintext)` with PKCS#7, and
 * `AT = HMAC-SHA256(hmacKey, "AES-256-CBC-HMAC-SHA256" || int32LE(KeyID) || EK || IV || CT)`.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../errors.ts';
import { readStruct, writeStruct } from './bond.ts';

export { readStruct, writeStruct, BondType } from './bond.ts';

/** The only key id Shifts uses. */
export const WFI_KEY_ID = 1;
const ALGORITHM_LABEL = Buffer.from('AES-256-CBC-HMAC-SHA256', 'utf8');
const DEK_BYTES = 32;
const IV_BYTES = 16;
const TAG_BYTES = 32;

/** Stable reasons a body is refused; none of them carries key material or body bytes. */
export const WFI_CRYPTO_ERROR_CODES = ['malformed', 'truncated', 'bad_key_id', 'bad_tag', 'no_secret'] as const;
export type WfiCryptoErrorCode = (typeof WFI_CRYPTO_ERROR_CODES)[number];

/** Why a body did not authenticate. `message` is safe to log. */
export interface WfiCryptoError {
  code: WfiCryptoErrorCode;
  message: string;
}

export interface EncryptOptions {
  /** Data encryption key (32 bytes); random when absent. Tests pass the vectors' DEK. */
  dek?: Buffer;
  /** CBC initialisation vector (16 bytes); random when absent. */
  iv?: Buffer;
  /** Key id written into the envelope and the tag; Shifts always uses 1. */
  keyId?: number;
}

interface KeyPair {
  hmacKey: Buffer;
  kek: Buffer;
}

/** Splits a 64-byte secret into its two keys; undefined when the secret has another length. */
function splitSecret(secret: string): KeyPair | undefined {
  const bytes = Buffer.from(secret, 'utf8');
  if (bytes.length !== 64) return undefined;
  return { hmacKey: bytes.subarray(0, 32), kek: bytes.subarray(32, 64) };
}

function computeTag(hmacKey: Buffer, keyId: number, ek: Buffer, iv: Buffer, ct: Buffer): Buffer {
  const keyIdBytes = Buffer.alloc(4);
  keyIdBytes.writeInt32LE(keyId);
  return createHmac('sha256', hmacKey).update(ALGORITHM_LABEL).update(keyIdBytes).update(ek).update(iv).update(ct).digest();
}

/**
 * Builds a complete request body exactly as Shifts does. Throws (a programmer error) when the
 * secret is not 64 bytes or the DEK/IV have the wrong size.
 */
export function encryptWfiPayload(plaintext: string | Buffer, secret: string, options: EncryptOptions = {}): Buffer {
  const keys = splitSecret(secret);
  if (!keys) throw new RangeError('The workforce-integration secret must be exactly 64 bytes.');
  const dek = options.dek ?? randomBytes(DEK_BYTES);
  const iv = options.iv ?? randomBytes(IV_BYTES);
  const keyId = options.keyId ?? WFI_KEY_ID;
  if (dek.length !== DEK_BYTES) throw new RangeError('The data encryption key must be 32 bytes.');
  if (iv.length !== IV_BYTES) throw new RangeError('The IV must be 16 bytes.');

  const wrap = createCipheriv('aes-256-ecb', keys.kek, null).setAutoPadding(false);
  const ek = Buffer.concat([wrap.update(dek), wrap.final()]);
  const cipher = createCipheriv('aes-256-cbc', dek, iv);
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const ct = Buffer.concat([cipher.update(data), cipher.final()]);
  const at = computeTag(keys.hmacKey, keyId, ek, iv, ct);

  const inner = writeStruct([
    { id: 0, type: 'blob', value: ek },
    { id: 1, type: 'blob', value: iv },
    { id: 2, type: 'blob', value: ct },
    { id: 3, type: 'blob', value: at },
  ]);
  return writeStruct([
    { id: 0, type: 'int32', value: keyId },
    { id: 1, type: 'blob', value: inner },
  ]);
}

const fail = (code: WfiCryptoErrorCode, message: string) => err<WfiCryptoError>({ code, message });

/**
 * Authenticates and decrypts a request body, trying each secret in order (current, then the
 * previous one during rotation). Never throws: every failure is a `WfiCryptoError`.
 */
export function decryptWfiPayload(
  body: Buffer,
  secrets: readonly string[],
): Result<{ plaintext: Buffer; secretIndex: number }, WfiCryptoError> {
  const outer = readStruct(body, { 0: 'int32', 1: 'blob' });
  if (!outer.ok) return fail(outer.code, `Envelope: ${outer.reason}.`);
  const keyIdField = outer.value.get(0);
  const payloadField = outer.value.get(1);
  if (keyIdField?.type !== 'int32') return fail('malformed', 'Envelope: the key id is missing.');
  if (payloadField?.type !== 'blob') return fail('malformed', 'Envelope: the ciphertext is missing.');
  if (keyIdField.value !== WFI_KEY_ID) return fail('bad_key_id', `Unsupported key id ${keyIdField.value}.`);

  const inner = readStruct(payloadField.value, { 0: 'blob', 1: 'blob', 2: 'blob', 3: 'blob' });
  if (!inner.ok) return fail(inner.code, `Ciphertext: ${inner.reason}.`);
  const [ek, iv, ct, at] = [0, 1, 2, 3].map((id) => {
    const f = inner.value.get(id);
    return f?.type === 'blob' ? f.value : undefined;
  });
  if (!ek || !iv || !ct || !at) return fail('malformed', 'Ciphertext: a field is missing.');
  if (ek.length !== DEK_BYTES || iv.length !== IV_BYTES || ct.length === 0 || ct.length % 16 !== 0) {
    return fail('malformed', 'Ciphertext: a field has the wrong length.');
  }
  if (at.length !== TAG_BYTES) return fail('bad_tag', 'The authentication tag does not match.');

  let usable = 0;
  for (let i = 0; i < secrets.length; i++) {
    const keys = splitSecret(secrets[i]!);
    if (!keys) continue;
    usable++;
    const expected = computeTag(keys.hmacKey, keyIdField.value, ek, iv, ct);
    if (!timingSafeEqual(expected, at)) continue;
    try {
      const unwrap = createDecipheriv('aes-256-ecb', keys.kek, null).setAutoPadding(false);
      const dek = Buffer.concat([unwrap.update(ek), unwrap.final()]);
      const decipher = createDecipheriv('aes-256-cbc', dek, iv);
      const plaintext = Buffer.concat([decipher.update(ct), decipher.final()]);
      return ok({ plaintext, secretIndex: i });
    } catch {
      // Authentic but undecryptable (bad padding): the sender's bug; report without details.
      return fail('malformed', 'The authenticated ciphertext does not decrypt.');
    }
  }
  if (usable === 0) return fail('no_secret', 'No workforce-integration secret is configured.');
  return fail('bad_tag', 'The authentication tag does not match.');
}
