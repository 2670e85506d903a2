import { PNG } from 'pngjs';

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG colour types (IHDR byte 25) by name; 4 and 6 carry an alpha channel. */
export const PNG_COLOR_TYPES = {
  0: 'greyscale',
  2: 'truecolour',
  3: 'indexed',
  4: 'greyscale+alpha',
  6: 'truecolour+alpha',
} as const;

/** What the IHDR chunk says about an image, read straight from the bytes. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** True when the colour type has an alpha channel (4 or 6). */
  hasAlpha: boolean;
}

/** One decoded image: RGBA, 8 bits per channel, row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Buffer;
}

/**
 * Reads the PNG signature and the IHDR chunk without decoding the image. Returns a reason when
 * the bytes are not a PNG, so callers can report it next to the file name.
 */
export function readPngHeader(bytes: Buffer): { ok: true; header: PngHeader } | { ok: false; reason: string } {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    return { ok: false, reason: 'not a PNG file (the PNG signature is missing)' };
  }
  // The first chunk must be IHDR: length 13 at byte 8, type at 12, data from 16.
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    return { ok: false, reason: 'not a valid PNG file (the first chunk is not IHDR)' };
  }
  const colorType = bytes.readUInt8(25);
  return {
    ok: true,
    header: {
      width: bytes.readUInt32BE(16),
      height: bytes.readUInt32BE(20),
      bitDepth: bytes.readUInt8(24),
      colorType,
      hasAlpha: colorType === 4 || colorType === 6,
    },
  };
}

/** Decodes any PNG into 8-bit RGBA (pngjs checks the CRCs and the zlib stream). */
export function decodePng(bytes: Buffer): RgbaImage {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: png.data };
}

/** Encodes 8-bit RGBA pixels as a colour-type-6 PNG. */
export function encodeRgbaPng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height, colorType: 6, inputHasAlpha: true });
  image.data.copy(png.data);
  return PNG.sync.write(png, { colorType: 6, inputHasAlpha: true });
}

/** The RGBA value of one pixel. */
export function pixelAt(image: RgbaImage, x: number, y: number): [number, number, number, number] {
  const i = (y * image.width + x) * 4;
  const d = image.data;
  return [d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0, d[i + 3] ?? 0];
}
