/**
 * Renders one example of every card type to a PNG with the official `adaptivecards` renderer
 * in headless Chromium, so the README can show what managers get in Teams.
 *
 *   npm run cards:render            (writes docs/screenshots/cards/*.png)
 *   CHROMIUM_PATH=/path/to/chromium npm run cards:render   (any other browser; see README "Browsers")
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleCards } from '../../tests/bot/fixtures/cards.ts';
import { launchChromium } from '../../tests/support/browser.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'docs/screenshots/cards');
const require = createRequire(import.meta.url);
const acScript = require.resolve('adaptivecards/dist/adaptivecards.js');
const acCss = require.resolve('adaptivecards/dist/adaptivecards.css');

/** Close to Teams' light theme: Segoe-like font stack, Teams purple accent, compact spacing. */
const hostConfig = {
  fontFamily: "'Segoe UI', 'Noto Sans', 'DejaVu Sans', system-ui, sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E1DFDD' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#6264A7' },
        good: { default: '#0E700E', subtle: '#107C10' },
        warning: { default: '#8A3707', subtle: '#C4314B' },
        attention: { default: '#C4314B', subtle: '#A4262C' },
      },
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: { default: { default: '#242424', subtle: '#616161' }, attention: { default: '#C4314B', subtle: '#A4262C' } },
    },
    attention: {
      backgroundColor: '#FDF3F4',
      foregroundColors: { default: { default: '#242424', subtle: '#616161' }, attention: { default: '#C4314B', subtle: '#A4262C' } },
    },
    good: {
      backgroundColor: '#F1FAF1',
      foregroundColors: { default: { default: '#242424', subtle: '#616161' }, good: { default: '#0E700E', subtle: '#107C10' } },
    },
  },
  actions: { maxActions: 6, buttonSpacing: 8, showCard: { actionMode: 'inline' }, actionsOrientation: 'horizontal', actionAlignment: 'left' },
  factSet: { title: { weight: 'bolder', size: 'default', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 8 },
};

const pageCss = `
  body { margin: 0; background: #F5F5F5; font-family: ${hostConfig.fontFamily}; }
  #frame { width: 560px; margin: 16px; background: #FFFFFF; border: 1px solid #E1DFDD; border-radius: 6px; overflow: hidden;
           box-shadow: 0 1px 2px rgba(0,0,0,0.12); }
  .ac-pushButton { background: #FFFFFF; border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 12px; font: 600 14px ${hostConfig.fontFamily};
                   color: #242424; cursor: pointer; }
  .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
`;

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 600, height: 400 }, deviceScaleFactor: 2 });
    for (const [name, card] of Object.entries(exampleCards())) {
      await page.setContent(`<!doctype html><html><head><meta charset="utf-8"></head><body><div id="frame"></div></body></html>`);
      await page.addStyleTag({ path: acCss });
      await page.addStyleTag({ content: pageCss });
      await page.addScriptTag({ path: acScript });
      const problems = await page.evaluate(
        ({ json, host }) => {
          const AC = (window as unknown as { AdaptiveCards: Record<string, new (...a: unknown[]) => Record<string, unknown>> })
            .AdaptiveCards;
          const card = new AC.AdaptiveCard!() as unknown as {
            hostConfig: unknown;
            parse(j: unknown, c: unknown): void;
            render(): HTMLElement | undefined;
          };
          card.hostConfig = new AC.HostConfig!(host);
          const ctx = new AC.SerializationContext!() as unknown as { eventCount: number; getEventAt(i: number): { message: string } };
          card.parse(json, ctx);
          const el = card.render();
          if (el) document.getElementById('frame')!.appendChild(el);
          return Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
        },
        { json: card, host: hostConfig },
      );
      if (problems.length > 0) throw new Error(`${name}: ${problems.join('; ')}`);
      const file = join(out, `${name}.png`);
      await page.locator('#frame').screenshot({ path: file });
      console.log(`rendered ${file}`);
    }
  } finally {
    await browser.close();
  }
}

await main();
