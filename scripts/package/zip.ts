import JSZip from 'jszip';

/** A fixed timestamp keeps the zip byte-identical for identical inputs (reproducible builds). */
const ENTRY_DATE = new Date('2024-01-01T00:00:00Z');

/** Writes a deflated zip with every entry at the root, in the order given. */
export async function writeZip(entries: { name: string; data: Buffer | string }[]): Promise<Buffer> {
  const zip = new JSZip();
  for (const { name, data } of entries) {
    if (name.includes('/') || name.includes('\\')) throw new Error(`zip entry "${name}" must sit at the root`);
    zip.file(name, data, { date: ENTRY_DATE, createFolders: false });
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
}

/** Reads every file entry of a zip (folders are reported by name with a trailing slash). */
export async function readZip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, Buffer>();
  for (const [name, entry] of Object.entries(zip.files)) {
    out.set(name, entry.dir ? Buffer.alloc(0) : await entry.async('nodebuffer'));
  }
  return out;
}
