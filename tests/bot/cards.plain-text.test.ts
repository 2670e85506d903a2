import { createRequire } from 'node:module';
import MarkdownIt from 'markdown-it';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../connector/alerts/index.ts';
import type { SyncFailure, TeamSyncStatus } from '../../connector/sync/service.ts';
import { alertCard, digestCard, failuresCard, statusCard, type AdaptiveCard, type AlertView, type TeamLabel } from '../../bot/cards/index.ts';
import { launchChromium } from '../support/browser.ts';
import { links, rejected, syncFailure } from './fixtures/cards.ts';

/** What a hostile WFM record, Graph team or person could be called. */
const NAME = '[Reset your password](https://evil.example/reset) **now** <b>bold</b> <img src=x onerror=alert(1)> _it_ `code` ~~gone~~ {{DATE(2021-10-12T13:02:00Z, SHORT)}}';
const TEAM = '# Store *42* | see www.evil.example';
const MESSAGE = '- overlaps\n\n1. her shift, details at https://evil.example/x &lt;script&gt;';
const team: TeamLabel = { name: TEAM, timeZone: 'Europe/London' };

const hostileRejected: AlertEvent = { ...rejected, message: MESSAGE, ruleCode: '*RULE*', subject: { employeeName: NAME, start: rejected.subject!.start, end: rejected.subject!.end } };
const hostileFailure: AlertEvent = { ...syncFailure, errorMessage: MESSAGE, subject: { employeeName: NAME, start: null, end: null } } as AlertEvent;
const view = (id: number, event: AlertEvent, over: Partial<AlertView> = {}): AlertView => ({
  id, state: 'open', event, occurrences: 1, firstSeenAt: event.occurredAt, lastSeenAt: event.occurredAt, outcome: null, ...over,
});
const failure: SyncFailure = {
  id: 'f1', teamId: 'team-42', entityType: 'shift', wfmId: '[x](https://evil.example)', shiftsId: null, operation: 'create',
  errorCode: 'E_*', errorMessage: MESSAGE, attempts: 1, state: 'open', firstSeenAt: rejected.occurredAt, lastSeenAt: rejected.occurredAt, nextRetryAt: null, history: [],
};
const status: TeamSyncStatus = {
  teamId: 'team-42', teamName: TEAM, timeZone: 'Europe/London', health: 'degraded', healthReason: MESSAGE, lastSyncAt: rejected.occurredAt,
  nextSyncAt: null, entitiesSynced: { shift: 1 }, openFailures: 1, rejectedLast24h: 1,
  freshness: { p50Seconds: null, p95Seconds: null, samples: 0, oldestUnsyncedAt: null },
};

const cards: Record<string, AdaptiveCard> = {
  'alert (rejected)': alertCard(view(1, hostileRejected, { outcome: `Marked as handled by ${NAME}.` }), team, links),
  'alert (sync failure)': alertCard(view(2, hostileFailure), team, links),
  digest: digestCard({ id: 3, startedAt: rejected.occurredAt, lastAlertAt: rejected.occurredAt, alerts: [view(4, hostileRejected), view(5, hostileFailure)] }, team, links),
  failures: failuresCard([failure], new Map([['team-42', team]]), links),
  status: statusCard([status], links),
};

/** Every string Teams renders as markdown: TextBlock text, fact titles and values. */
function markdownStrings(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) markdownStrings(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet') for (const f of o.facts as Array<{ title: string; value: string }>) out.push(f.title, f.value);
    for (const v of Object.values(o)) markdownStrings(v, out);
  }
  return out;
}

const MARKUP = /<(a|strong|em|img|code|s|del|h\d|li|ol|ul|table|blockquote|b|script)\b/;
const collapse = (s: string) => s.replace(/\s+/g, ' ');

describe('data from the WFM, Graph and people shows as plain text in every card', () => {
  const md = new MarkdownIt({ linkify: true });

  for (const [name, card] of Object.entries(cards)) {
    it(`${name}: no markdown or HTML survives in the card JSON`, () => {
      const strings = markdownStrings(card.body);
      expect(strings.length).toBeGreaterThan(0);
      for (const s of strings) {
        const html = md.renderInline(s);
        expect(html, s).not.toMatch(MARKUP);
        expect(md.render(s), s).toMatch(/^<p>/);
        expect(s).not.toMatch(/\{\{(DATE|TIME)\(/);
      }
    });
  }

  describe('in the official adaptivecards renderer with markdown-it', () => {
    let browser: Browser;
    const require = createRequire(import.meta.url);
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('renders names, team names and messages literally, without links, emphasis or images', async () => {
      const page = await browser.newPage();
      try {
        await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
        await page.addScriptTag({ path: require.resolve('markdown-it/dist/markdown-it.min.js') });
        await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.js') });
        const rendered = await page.evaluate((all) => {
          const w = window as unknown as {
            markdownit: (o: unknown) => { render(s: string): string };
            AdaptiveCards: { AdaptiveCard: { new (): { parse(j: unknown): void; render(): HTMLElement | undefined }; onProcessMarkdown: unknown } };
          };
          const md = w.markdownit({ linkify: true });
          w.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml: string; didProcess: boolean }) => {
            result.outputHtml = md.render(text);
            result.didProcess = true;
          };
          return Object.entries(all).map(([name, json]) => {
            const card = new w.AdaptiveCards.AdaptiveCard();
            card.parse(json);
            const el = card.render()!;
            document.body.appendChild(el);
            const textBlocks = Array.from(el.querySelectorAll('.ac-textBlock'));
            return {
              name,
              markup: textBlocks.flatMap((b) => Array.from(b.querySelectorAll('a, strong, em, img, code, s, del, h1, h2, li, b, script')).map((m) => m.outerHTML)),
              processed: textBlocks.length,
              text: (el.innerText ?? '').replace(/\s+/g, ' '),
            };
          });
        }, cards as unknown as Record<string, unknown>);

        for (const r of rendered) {
          expect(r.processed, r.name).toBeGreaterThan(0);
          expect(r.markup, r.name).toEqual([]);
        }
        const alert = rendered.find((r) => r.name === 'alert (rejected)')!;
        expect(alert.text).toContain(collapse(NAME));
        expect(alert.text).toContain(TEAM);
        expect(alert.text).toContain(collapse(MESSAGE));
        expect(rendered.find((r) => r.name === 'status')!.text).toContain(TEAM);
      } finally {
        await page.close();
      }
    }, 60_000);
  });
});
