/**
 * Sync mode per team and entity kind, like Microsoft's managed connectors (`Disabled |
 * FromWfmToShifts | TwoWay` per scenario): `off` (neither direction: nothing is written to
 * Shifts and Shifts' changes are refused), `one-way` (the WFM writes, Shifts' changes are
 * refused) or `two-way`. A team mapping sets only the kinds it overrides; the others follow
 * the deployment's `SYNC_MODE` (and `ONE_WAY_ALLOWED_ENTITIES`).
 */
import { z } from 'zod';
import type { WfiEntityType } from '../config/schema.ts';

export const SYNC_ENTITY_KINDS = [
  'shifts',
  'openShifts',
  'timeOff',
  'timeOffRequests',
  'swapRequests',
  'offerShiftRequests',
  'openShiftRequests',
  'availability',
] as const;
export type SyncEntityKind = (typeof SYNC_ENTITY_KINDS)[number];

export const SYNC_MODES = ['off', 'one-way', 'two-way'] as const;
export const syncModeSchema = z.enum(SYNC_MODES);
export type SyncMode = z.infer<typeof syncModeSchema>;

/** A team's overrides: only the kinds it sets. */
export const syncModesSchema = z
  .object(Object.fromEntries(SYNC_ENTITY_KINDS.map((k) => [k, syncModeSchema.optional()])) as Record<SyncEntityKind, z.ZodOptional<typeof syncModeSchema>>)
  .strict();
export type SyncModes = z.infer<typeof syncModesSchema>;

/** The deployment-wide setting every kind falls back to. */
export interface GlobalSyncMode {
  mode: 'two-way' | 'one-way';
  /** Entity types Shifts may still change in one-way mode. */
  oneWayAllowed: readonly WfiEntityType[];
}

/** The webhook entity type each kind answers for (availability has none among them). */
const WFI_TYPES: Record<SyncEntityKind, readonly WfiEntityType[]> = {
  shifts: ['Shift'],
  openShifts: ['OpenShift'],
  timeOff: ['TimeOff', 'TimeOffReason'],
  timeOffRequests: ['TimeOffRequest'],
  swapRequests: ['SwapRequest'],
  offerShiftRequests: ['OfferShiftRequest'],
  openShiftRequests: ['OpenShiftRequest'],
  availability: [],
};

/** The kind whose mode decides a webhook change of this entity type. */
export function kindOfWfiType(type: WfiEntityType): SyncEntityKind {
  return SYNC_ENTITY_KINDS.find((k) => WFI_TYPES[k].includes(type)) ?? 'shifts';
}

export interface EffectiveMode {
  mode: SyncMode;
  /** Whether the team mapping sets it, or it follows the deployment's SYNC_MODE. */
  source: 'team' | 'global';
}

/** The mode of every kind for a team: its override, else the deployment's. */
export function effectiveModes(global: GlobalSyncMode, team: SyncModes | undefined): Record<SyncEntityKind, EffectiveMode> {
  const out = {} as Record<SyncEntityKind, EffectiveMode>;
  for (const kind of SYNC_ENTITY_KINDS) {
    const own = team?.[kind];
    if (own) {
      out[kind] = { mode: own, source: 'team' };
      continue;
    }
    const allowed = WFI_TYPES[kind].length > 0 && WFI_TYPES[kind].every((t) => global.oneWayAllowed.includes(t));
    out[kind] = { mode: global.mode === 'two-way' || allowed ? 'two-way' : 'one-way', source: 'global' };
  }
  return out;
}

/** The overrides in kind order, so equal modes compare and print equal however they were stored. */
export function normalizeModes(modes: SyncModes | undefined): SyncModes {
  const out: SyncModes = {};
  for (const k of SYNC_ENTITY_KINDS) if (modes?.[k]) out[k] = modes[k];
  return out;
}

/** `kind=mode;kind=mode`, the CSV and CLI spelling of a team's overrides (sorted, empty when none). */
export function formatSyncModes(modes: SyncModes | undefined): string {
  return SYNC_ENTITY_KINDS.filter((k) => modes?.[k]).map((k) => `${k}=${modes![k]!}`).join(';');
}

/** One line per team for `status`, `doctor` and logs: `shifts two-way, swapRequests off (team), ...`. */
export function describeModes(modes: Record<SyncEntityKind, EffectiveMode>): string {
  return SYNC_ENTITY_KINDS.map((k) => `${k} ${modes[k].mode}${modes[k].source === 'team' ? ' (team)' : ''}`).join(', ');
}

/** Parses `kind=mode;kind=mode`; every problem named, kinds matched case-insensitively. */
export function parseSyncModes(text: string): { ok: true; value: SyncModes } | { ok: false; message: string } {
  const value: SyncModes = {};
  for (const part of text.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [rawKind = '', rawMode = '', ...rest] = part.split('=').map((s) => s.trim());
    const kind = SYNC_ENTITY_KINDS.find((k) => k.toLowerCase() === rawKind.toLowerCase());
    const mode = SYNC_MODES.find((m) => m === rawMode.toLowerCase());
    if (!kind) return { ok: false, message: `unknown entity kind "${rawKind}"; use ${SYNC_ENTITY_KINDS.join(', ')}` };
    if (!mode || rest.length > 0) return { ok: false, message: `${kind}: use off, one-way or two-way, not "${part.slice(part.indexOf('=') + 1)}"` };
    if (value[kind]) return { ok: false, message: `${kind} is set twice` };
    value[kind] = mode;
  }
  return { ok: true, value: normalizeModes(value) };
}
