/**
 * `npm run icons`: renders `appPackage/color.png` (192×192) and `appPackage/outline.png`
 * (32×32, white on transparent) from the one source `appPackage/icon.svg`, then checks both
 * the way the package build does. Commit the PNGs it writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkIcon, ICONS, renderIcons } from './package/index.ts';

const dir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'appPackage');
const rendered = renderIcons(readFileSync(join(dir, 'icon.svg'), 'utf8'));
const problems = [...checkIcon('color', rendered.color), ...checkIcon('outline', rendered.outline)];
if (problems.length > 0) {
  console.error(`icon.svg renders invalid icons:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
  process.exit(1);
}
writeFileSync(join(dir, ICONS.color.file), rendered.color);
writeFileSync(join(dir, ICONS.outline.file), rendered.outline);
console.log(`Wrote appPackage/${ICONS.color.file} (${ICONS.color.size}×${ICONS.color.size}) and appPackage/${ICONS.outline.file} (${ICONS.outline.size}×${ICONS.outline.size}) from appPackage/icon.svg`);
