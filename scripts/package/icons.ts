import { Resvg } from '@resvg/resvg-js';
import { decodePng, encodeRgbaPng, pixelAt, readPngHeader, type RgbaImage } from './png.ts';
import type { PackageProblem } from './problems.ts';

/** Teams' icon contract: sizes and file names the manifest points at. */
export const ICONS = {
  color: { file: 'color.png', size: 192 },
  outline: { file: 'outline.png', size: 32 },
} as const;

/** Alpha at or below this counts as transparent (anti-aliasing leaves a few faint pixels). */
const TRANSPARENT_ALPHA = 8;

/**
 * Renders both icons from the one SVG source. `color.png` is the whole drawing at 192×192;
 * `outline.png` is the element with id "glyph" alone (the element with id "background" is
 * dropped), cropped to its bounds and recoloured pure white on transparent at 32×32, which is
 * what Teams shows in the app bar.
 */
export function renderIcons(svg: string): { color: Buffer; outline: Buffer } {
  if (!/\bid="glyph"/.test(svg)) throw new Error('icon.svg needs an element with id="glyph" (the outline icon)');
  const background = /<([a-zA-Z]+)\b[^>]*\bid="background"[^>]*\/>/;
  if (!background.test(svg)) {
    throw new Error('icon.svg needs a self-closing element with id="background" (left out of the outline icon)');
  }

  const color = rasterise(svg, ICONS.color.size);

  const glyphOnly = svg.replace(background, '');
  const box = new Resvg(glyphOnly).getBBox();
  if (!box) throw new Error('icon.svg: the glyph has nothing visible to draw');
  // getBBox ignores stroke width, so pad by a fraction of the glyph to keep strokes whole.
  const side = Math.max(box.width, box.height) * 1.3;
  const x = box.x + box.width / 2 - side / 2;
  const y = box.y + box.height / 2 - side / 2;
  const cropped = setRootAttributes(glyphOnly, {
    viewBox: `${round(x)} ${round(y)} ${round(side)} ${round(side)}`,
    width: String(ICONS.outline.size),
    height: String(ICONS.outline.size),
  });
  const outline = whiteOnTransparent(rasterise(cropped, ICONS.outline.size));

  return { color: encodeRgbaPng(color), outline: encodeRgbaPng(outline) };
}

/**
 * Checks what the manifest schema cannot: PNG signature, exact size, an alpha channel and
 * transparent corners for the outline, and a white-only foreground. Returns every problem found.
 */
export function checkIcon(kind: keyof typeof ICONS, bytes: Buffer): PackageProblem[] {
  const { file, size } = ICONS[kind];
  const problem = (message: string): PackageProblem => ({ code: 'icon_invalid', message: `${file}: ${message}` });
  const read = readPngHeader(bytes);
  if (!read.ok) return [problem(read.reason)];
  const { header } = read;
  const problems: PackageProblem[] = [];
  if (header.width !== size || header.height !== size) {
    problems.push(problem(`must be exactly ${size}×${size} pixels, found ${header.width}×${header.height}`));
  }
  let image: RgbaImage;
  try {
    image = decodePng(bytes);
  } catch (err) {
    return [...problems, problem(`cannot be decoded (${(err as Error).message})`)];
  }
  const visible = countVisible(image);
  if (visible === 0) problems.push(problem('is fully transparent'));
  if (kind === 'outline') {
    if (!header.hasAlpha) {
      problems.push(problem(`must have an alpha channel (colour type 4 or 6), found colour type ${header.colorType}`));
    }
    const corners = cornerAlphas(image);
    if (corners.some((a) => a > TRANSPARENT_ALPHA)) {
      problems.push(problem(`corners must be transparent (background), found alpha ${corners.join(', ')}`));
    }
    const coloured = countNonWhite(image);
    if (coloured > 0) problems.push(problem(`foreground must be white only, ${coloured} visible pixel(s) are not white`));
  }
  return problems;
}

function rasterise(svg: string, size: number): RgbaImage {
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
  if (rendered.width !== size || rendered.height !== size) {
    throw new Error(`icon.svg must be square: rendered ${rendered.width}×${rendered.height} for ${size}`);
  }
  return { width: rendered.width, height: rendered.height, data: unpremultiply(Buffer.from(rendered.pixels)) };
}

/** resvg hands out premultiplied RGBA; PNG stores straight alpha. */
function unpremultiply(data: Buffer): Buffer {
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3] ?? 0;
    if (alpha === 0 || alpha === 255) continue;
    for (let c = i; c < i + 3; c++) data[c] = Math.min(255, Math.round(((data[c] ?? 0) * 255) / alpha));
  }
  return data;
}

/** Keeps each pixel's coverage (alpha) and paints it white; fully clear pixels become 0,0,0,0. */
function whiteOnTransparent(image: RgbaImage): RgbaImage {
  const data = Buffer.from(image.data);
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3] ?? 0;
    const v = alpha === 0 ? 0 : 255;
    data[i] = v;
    data[i + 1] = v;
    data[i + 2] = v;
  }
  return { ...image, data };
}

function setRootAttributes(svg: string, attrs: Record<string, string>): string {
  return svg.replace(/<svg\b[^>]*>/, (tag) => {
    let out = tag;
    for (const [name, value] of Object.entries(attrs)) {
      const re = new RegExp(`\\s${name}="[^"]*"`);
      out = re.test(out) ? out.replace(re, ` ${name}="${value}"`) : out.replace(/^<svg\b/, `<svg ${name}="${value}"`);
    }
    return out;
  });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function countVisible(image: RgbaImage): number {
  let n = 0;
  for (let i = 3; i < image.data.length; i += 4) if ((image.data[i] ?? 0) > TRANSPARENT_ALPHA) n++;
  return n;
}

function countNonWhite(image: RgbaImage): number {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const d = image.data;
    if ((d[i + 3] ?? 0) > TRANSPARENT_ALPHA && ((d[i] ?? 0) < 250 || (d[i + 1] ?? 0) < 250 || (d[i + 2] ?? 0) < 250)) n++;
  }
  return n;
}

function cornerAlphas(image: RgbaImage): number[] {
  const last = { x: image.width - 1, y: image.height - 1 };
  return [
    pixelAt(image, 0, 0),
    pixelAt(image, last.x, 0),
    pixelAt(image, 0, last.y),
    pixelAt(image, last.x, last.y),
  ].map((p) => p[3]);
}
