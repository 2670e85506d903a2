import { readFileSync } from 'node:fs';
import { z } from 'zod';

const vectorsSchema = z.object({
  secret: z.string().length(64),
  vectors: z.array(
    z.object({ name: z.string(), dekHex: z.string(), ivHex: z.string(), plaintext: z.string(), bodyHex: z.string() }),
  ),
});

/** The golden encryption vectors (exact Shifts request bodies), vendored in tests/fixtures. */
export const wfiVectors = vectorsSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/wfi-encryption-vectors.json', import.meta.url), 'utf8')),
);

export function vectorBody(name: string): Buffer {
  const v = wfiVectors.vectors.find((x) => x.name === name);
  if (!v) throw new Error(`no vector named ${name}`);
  return Buffer.from(v.bodyHex, 'hex');
}
