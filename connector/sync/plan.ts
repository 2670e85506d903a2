/**
 * The diff between what the WFM says (desired), what we recorded (mappings) and what Shifts
 * holds (observed): a pure function, so every case (adopt, drift, orphan, unchanged) is tested
 * without Graph. The writer executes the plan.
 */
import { adoptionKeys, contentHash, isInactive, type GraphBody, type MapError, type SyncedType } from './entities.ts';
import type { FixedItem } from './runs.ts';

export interface Desired {
  wfmId: string;
  version: string | null;
  /** The Graph body, or why it cannot be built (unmapped employee, ...). */
  body: GraphBody | null;
  error: MapError | null;
  subject: { employeeName: string | null; start: string | null; end: string | null } | null;
}

export interface Mapped {
  wfmId: string;
  shiftsId: string;
  contentHash: string | null;
}

export type Observed = Record<string, unknown> & { id: string };

export type PlannedOp =
  | { op: 'create'; type: SyncedType; wfmId: string; body: GraphBody; hash: string; version: string | null; subject: Desired['subject']; fix?: FixedItem['fix'] }
  | { op: 'update'; type: SyncedType; wfmId: string; shiftsId: string; body: GraphBody; hash: string; version: string | null; subject: Desired['subject']; fix?: FixedItem['fix'] }
  | { op: 'delete'; type: SyncedType; wfmId: string | null; shiftsId: string; fix?: FixedItem['fix'] }
  | { op: 'unchanged'; type: SyncedType; wfmId: string; shiftsId: string; hash: string; version: string | null; remember: boolean; fix?: FixedItem['fix'] }
  | { op: 'forget'; type: SyncedType; wfmId: string }
  | { op: 'invalid'; type: SyncedType; wfmId: string; error: MapError; subject: Desired['subject'] };

export interface PlanOptions {
  /** Schedule items are listed for the window only: a mapping not seen may just be outside it. */
  windowed: boolean;
  /** Delete active Shifts entities that no WFM entity accounts for (reconcile of schedule items). */
  removeUnmanaged: boolean;
}

/** Full diff of one entity type of one team. */
export function planFull(
  type: SyncedType,
  desired: Desired[],
  mappings: Mapped[],
  observed: Observed[],
  opts: PlanOptions,
): PlannedOp[] {
  const ops: PlannedOp[] = [];
  const observedById = new Map(observed.map((o) => [o.id, o]));
  const mappingByWfm = new Map(mappings.map((m) => [m.wfmId, m]));
  const mappedShiftsIds = new Set(mappings.map((m) => m.shiftsId));
  const desiredIds = new Set(desired.map((d) => d.wfmId));

  // Unmapped, active Shifts entities, indexed by adoption key (first come, first adopted).
  const adoptable = new Map<string, Observed>();
  for (const o of observed) {
    if (mappedShiftsIds.has(o.id) || isInactive(type, o)) continue;
    for (const k of adoptionKeys(type, o)) if (!adoptable.has(k)) adoptable.set(k, o);
  }
  const adopted = new Set<string>();

  for (const d of desired) {
    if (!d.body) {
      ops.push({ op: 'invalid', type, wfmId: d.wfmId, error: d.error!, subject: d.subject });
      continue;
    }
    const hash = contentHash(type, d.body);
    const m = mappingByWfm.get(d.wfmId);
    const obs = m ? observedById.get(m.shiftsId) : undefined;
    if (m && obs && !isInactive(type, obs)) {
      if (contentHash(type, obs) === hash) {
        ops.push({ op: 'unchanged', type, wfmId: d.wfmId, shiftsId: m.shiftsId, hash, version: d.version, remember: m.contentHash !== hash });
      } else {
        // Our record says one thing, Shifts another: the WFM changed, or Shifts drifted.
        const drift = m.contentHash === hash;
        ops.push({ op: 'update', type, wfmId: d.wfmId, shiftsId: m.shiftsId, body: d.body, hash, version: d.version, subject: d.subject, ...(drift ? { fix: 'rewritten' as const } : {}) });
      }
      continue;
    }
    if (m && obs) {
      // Deactivated in Shifts while the WFM still has it: put it back in place.
      ops.push({ op: 'update', type, wfmId: d.wfmId, shiftsId: m.shiftsId, body: d.body, hash, version: d.version, subject: d.subject, fix: 'rewritten' });
      continue;
    }
    if (m && opts.windowed && !observedById.has(m.shiftsId)) {
      // Mapped but not in the listed window: gone from Shifts (recreate), unless it lies outside.
      ops.push({ op: 'create', type, wfmId: d.wfmId, body: d.body, hash, version: d.version, subject: d.subject, fix: 'recreated' });
      continue;
    }
    if (m && !opts.windowed) {
      ops.push({ op: 'create', type, wfmId: d.wfmId, body: d.body, hash, version: d.version, subject: d.subject, fix: 'recreated' });
      continue;
    }
    const match = adoptionKeys(type, d.body).map((k) => adoptable.get(k)).find((o) => o && !adopted.has(o.id));
    if (match) {
      adopted.add(match.id);
      if (contentHash(type, match) === hash) {
        ops.push({ op: 'unchanged', type, wfmId: d.wfmId, shiftsId: match.id, hash, version: d.version, remember: true, fix: 'adopted' });
      } else {
        ops.push({ op: 'update', type, wfmId: d.wfmId, shiftsId: match.id, body: d.body, hash, version: d.version, subject: d.subject, fix: 'adopted' });
      }
      continue;
    }
    ops.push({ op: 'create', type, wfmId: d.wfmId, body: d.body, hash, version: d.version, subject: d.subject });
  }

  for (const m of mappings) {
    if (desiredIds.has(m.wfmId)) continue;
    const obs = observedById.get(m.shiftsId);
    if (obs && !isInactive(type, obs)) ops.push({ op: 'delete', type, wfmId: m.wfmId, shiftsId: m.shiftsId });
    else if (!opts.windowed || obs) ops.push({ op: 'forget', type, wfmId: m.wfmId });
  }

  if (opts.removeUnmanaged) {
    for (const o of observed) {
      if (mappedShiftsIds.has(o.id) || adopted.has(o.id) || isInactive(type, o)) continue;
      ops.push({ op: 'delete', type, wfmId: null, shiftsId: o.id, fix: 'removed' });
    }
  }
  return ops;
}

/** Plan for one change-feed entry of a schedule item, from our records alone (no Graph read). */
export function planChange(
  type: SyncedType,
  change: { op: 'created' | 'updated' | 'deleted'; desired: Desired },
  mapping: Mapped | undefined,
): PlannedOp | null {
  const d = change.desired;
  if (change.op === 'deleted') return mapping ? { op: 'delete', type, wfmId: d.wfmId, shiftsId: mapping.shiftsId } : null;
  if (!d.body) return { op: 'invalid', type, wfmId: d.wfmId, error: d.error!, subject: d.subject };
  const hash = contentHash(type, d.body);
  if (mapping) {
    if (mapping.contentHash === hash) return { op: 'unchanged', type, wfmId: d.wfmId, shiftsId: mapping.shiftsId, hash, version: d.version, remember: false };
    return { op: 'update', type, wfmId: d.wfmId, shiftsId: mapping.shiftsId, body: d.body, hash, version: d.version, subject: d.subject };
  }
  return { op: 'create', type, wfmId: d.wfmId, body: d.body, hash, version: d.version, subject: d.subject };
}
