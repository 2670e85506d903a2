import { createRequire } from 'node:module';
import type { AdaptiveCard } from './elements.ts';

/**
 * Validates a card with the official `adaptivecards` library (the renderer Teams is built
 * on), targeting schema 1.5: parse events plus property validation. Checks the library does
 * not make (a verb on every Action.Execute, text on every TextBlock) are added here.
 */

interface AcEvent {
  phase: number;
  event: number;
  message: string;
}
interface AcModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: AcEvent[] };
  };
  SerializationContext: new () => { targetVersion: unknown; eventCount: number; getEventAt(i: number): AcEvent };
  Versions: { v1_5: unknown };
  ValidationEvent: Record<number, string>;
}

const require = createRequire(import.meta.url);
// The package's `main` is untranspiled ESM with extensionless imports; the UMD build loads in Node.
const ac = require('adaptivecards/dist/adaptivecards.js') as AcModule;

/** Every problem found, as "EventName: message"; empty when the card is valid. */
export function validateCard(card: AdaptiveCard): string[] {
  const context = new ac.SerializationContext();
  context.targetVersion = ac.Versions.v1_5;
  const parsed = new ac.AdaptiveCard();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${ac.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    problems.push(`${ac.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  walk(card, (node) => {
    if (node.type === 'Action.Execute' && (typeof node.verb !== 'string' || node.verb === '')) {
      problems.push('MissingVerb: Action.Execute without a verb');
    }
    if (node.type === 'TextBlock' && (typeof node.text !== 'string' || node.text.trim() === '')) {
      problems.push('EmptyText: TextBlock without text');
    }
  });
  if (card.refresh && (card.refresh.userIds?.length ?? 0) > 60) problems.push('TooManyRefreshUsers: at most 60 userIds');
  return problems;
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
  } else if (value && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    for (const v of Object.values(value)) walk(v, visit);
  }
}
