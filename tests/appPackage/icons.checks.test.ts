import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkIcon, decodePng, pixelAt, PNG_SIGNATURE, readPngHeader, renderIcons } from '../../scripts/package/index.ts';
import { ROOT } from './project.ts';

const committed = {
  color: readFileSync(join(ROOT, 'appPackage', 'color.png')),
  outline: readFileSync(join(ROOT, 'appPackage', 'outline.png')),
};
const svg = readFileSync(join(ROOT, 'appPackage', 'icon.svg'), 'utf8');

/** Encodes a synthetic image: `paint(x, y)` gives each pixel's RGBA. */
function png(size: number, paint: (x: number, y: number) => [number, number, number, number], colorType: 2 | 6 = 6): Buffer {
  const image = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = paint(x, y);
      image.data.set([r, g, b, a], (y * size + x) * 4);
    }
  }
  return PNG.sync.write(image, { colorType, inputHasAlpha: true });
}

/** A white ring on transparent: what a correct outline looks like. */
const ring = (x: number, y: number, size: number): [number, number, number, number] => {
  const d = Math.hypot(x - size / 2, y - size / 2);
  return d > size / 4 && d < size / 3 ? [255, 255, 255, 255] : [0, 0, 0, 0];
};

describe('app icons', () => {
  it('commits a 192×192 colour icon and a 32×32 outline with an alpha channel', () => {
    const color = readPngHeader(committed.color);
    const outline = readPngHeader(committed.outline);
    expect(committed.color.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(color).toMatchObject({ ok: true, header: { width: 192, height: 192 } });
    expect(outline).toMatchObject({ ok: true, header: { width: 32, height: 32, colorType: 6, hasAlpha: true } });
    expect(checkIcon('color', committed.color)).toEqual([]);
    expect(checkIcon('outline', committed.outline)).toEqual([]);
  });

  it('draws the outline white on a transparent background', () => {
    const outline = decodePng(committed.outline);
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31]] as const) expect(pixelAt(outline, x, y)[3]).toBe(0);
    let visible = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = pixelAt(outline, x, y);
        if (a === 0) continue;
        visible++;
        expect([r, g, b]).toEqual([255, 255, 255]);
      }
    }
    // A real glyph, not a dot: the calendar covers a good part of the square.
    expect(visible).toBeGreaterThan(100);
  });

  it('fills the colour icon edge to edge with the accent colour of the manifest', () => {
    const color = decodePng(committed.color);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'appPackage', 'manifest.json'), 'utf8')) as { accentColor: string };
    const hex = manifest.accentColor.slice(1);
    const accent = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    expect(pixelAt(color, 0, 0)).toEqual([...accent, 255]);
    expect(pixelAt(color, 191, 191)).toEqual([...accent, 255]);
  });

  it('regenerates exactly the committed icons from the one SVG source (npm run icons)', () => {
    const rendered = renderIcons(svg);
    expect(decodePng(rendered.color).data.equals(decodePng(committed.color).data)).toBe(true);
    expect(decodePng(rendered.outline).data.equals(decodePng(committed.outline).data)).toBe(true);
  });

  it('rejects a file that is not a PNG', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.alloc(40)]);
    expect(checkIcon('color', jpeg)).toEqual([{ code: 'icon_invalid', message: 'color.png: not a PNG file (the PNG signature is missing)' }]);
  });

  it('rejects icons of the wrong size', () => {
    const big = png(256, () => [61, 90, 254, 255]);
    expect(checkIcon('color', big).map((p) => p.message)).toEqual(['color.png: must be exactly 192×192 pixels, found 256×256']);
    const small = png(16, (x, y) => ring(x, y, 16));
    expect(checkIcon('outline', small).map((p) => p.message)).toEqual(['outline.png: must be exactly 32×32 pixels, found 16×16']);
  });

  it('rejects an outline without an alpha channel', () => {
    const opaque = png(32, (x, y) => (ring(x, y, 32)[3] ? [255, 255, 255, 255] : [0, 0, 0, 255]), 2);
    const messages = checkIcon('outline', opaque).map((p) => p.message);
    expect(messages).toContain('outline.png: must have an alpha channel (colour type 4 or 6), found colour type 2');
    expect(messages).toContain('outline.png: corners must be transparent (background), found alpha 255, 255, 255, 255');
  });

  it('rejects an outline with a coloured foreground or an opaque background', () => {
    const coloured = png(32, (x, y) => (ring(x, y, 32)[3] ? [61, 90, 254, 255] : [0, 0, 0, 0]));
    expect(checkIcon('outline', coloured).map((p) => p.message)).toEqual([
      expect.stringMatching(/^outline\.png: foreground must be white only, \d+ visible pixel\(s\) are not white$/),
    ]);
    const filled = png(32, () => [255, 255, 255, 255]);
    expect(checkIcon('outline', filled).map((p) => p.message)).toEqual([
      'outline.png: corners must be transparent (background), found alpha 255, 255, 255, 255',
    ]);
  });

  it('rejects an empty, fully transparent icon', () => {
    const empty = png(32, () => [0, 0, 0, 0]);
    expect(checkIcon('outline', empty).map((p) => p.message)).toEqual(['outline.png: is fully transparent']);
  });

  it('explains what the SVG source must contain', () => {
    expect(() => renderIcons(svg.replace('id="glyph"', 'id="art"'))).toThrow('icon.svg needs an element with id="glyph"');
    expect(() => renderIcons(svg.replace('id="background"', 'id="bg"'))).toThrow('id="background"');
  });
});
