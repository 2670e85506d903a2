/**
 * Turns alert events from the outbox into alerts and deliveries. Events are claimed with
 * `FOR UPDATE SKIP LOCKED`, so several instances share the work without sending anything
 * twice, and marked dispatched in the same transaction as the alerts they produce.
 */
import { alertEventSchema } from '../../connector/alerts/index.ts';
import type { Queryable, Store } from '../../connector/store/index.ts';
import { ALERT_TRANSITIONS, assertTransition } from '../lifecycle.ts';
import type { TeamDirectory } from './directory.ts';
import { bumpDigest, findAlertByEntity, requestDeliveries, type DeliveryTarget } from './repository.ts';

export interface NoiseControl {
  /** More than this many new alerts for one team within `windowSeconds` become one digest. */
  digestThreshold: number;
  windowSeconds: number;
}

interface EventRow {
  id: number;
  team_id: string;
  entity_key: string;
  payload: unknown;
}

export interface DispatchResult {
  events: number;
  /** Deliveries to hand to the delivery queue. */
  deliveryIds: number[];
  /** Events whose team has no manager or owner to tell (kept as alerts, sent to nobody). */
  unaddressed: number;
}

/** Claims up to `batch` pending events and records their alerts and deliveries. */
export async function dispatchPending(
  store: Store,
  directory: TeamDirectory,
  noise: NoiseControl,
  onInvalid: (eventId: number, problem: string) => void,
  batch = 50,
): Promise<DispatchResult> {
  // Graph owners are looked up before the transaction: a network call must not hold row locks.
  const peek = await store.query<{ team_id: string }>(
    `SELECT DISTINCT team_id FROM alert_events WHERE dispatched_at IS NULL LIMIT $1`,
    [batch],
  );
  const owners = new Map<string, string[]>();
  for (const { team_id } of peek) owners.set(team_id, await directory.owners(team_id));

  return store.transaction(async (tx) => {
    const events = await tx.query<EventRow>(
      `SELECT id, team_id, entity_key, payload FROM alert_events
       WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batch],
    );
    const deliveryIds: number[] = [];
    let unaddressed = 0;
    for (const e of events) {
      const parsed = alertEventSchema.safeParse(e.payload);
      if (!parsed.success) {
        // An event this version cannot read must not block the ones behind it: it is set aside
        // (dispatched, with the reason logged) and stays in alert_events for inspection.
        onInvalid(e.id, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        await tx.query(`UPDATE alert_events SET dispatched_at = now() WHERE id = $1`, [e.id]);
        continue;
      }
      const recipients = [...(await directory.managers(tx, e.team_id)), ...(owners.get(e.team_id) ?? [])];
      const target = await recordAlert(tx, e, noise);
      if (recipients.length === 0) unaddressed++;
      deliveryIds.push(...(await requestDeliveries(tx, target.kind, target.id, recipients)));
      await tx.query(`UPDATE alert_events SET dispatched_at = now() WHERE id = $1`, [e.id]);
    }
    return { events: events.length, deliveryIds, unaddressed };
  });
}

/**
 * Records one event (seen times are when the bot saw it, so a backlog after downtime counts as
 * a burst; the card shows the event's own time). The same entity again reopens: the same entity again reopens and updates its alert (and so edits its
 * card); a new entity during a burst joins the team's digest.
 */
async function recordAlert(
  tx: Queryable,
  e: EventRow,
  noise: NoiseControl,
): Promise<{ kind: DeliveryTarget; id: number }> {
  const event = alertEventSchema.parse(e.payload);
  const existing = await findAlertByEntity(tx, e.team_id, e.entity_key);
  if (existing) {
    assertTransition(ALERT_TRANSITIONS, existing.state, 'open', `alert ${existing.id}`);
    await tx.query(
      `UPDATE bot_alerts SET payload = $2::jsonb, kind = $3, state = 'open', outcome = NULL, occurrences = occurrences + 1,
              revision = revision + 1, last_seen_at = now(), updated_at = now() WHERE id = $1`,
      [existing.id, JSON.stringify(event), event.kind],
    );
    if (existing.digestId !== null) {
      await bumpDigest(tx, existing.digestId, true);
      return { kind: 'digest', id: existing.digestId };
    }
    return { kind: 'alert', id: existing.id };
  }

  const window = `${noise.windowSeconds} seconds`;
  let digestId = (
    await tx.query<{ id: number }>(
      `SELECT id FROM bot_digests WHERE team_id = $1 AND last_alert_at > now() - $2::interval
       ORDER BY id DESC LIMIT 1 FOR UPDATE`,
      [e.team_id, window],
    )
  )[0]?.id;
  if (digestId === undefined) {
    const recent = (
      await tx.query<{ n: number; first: Date | null }>(
        `SELECT count(*)::int AS n, min(first_seen_at) AS first FROM bot_alerts
         WHERE team_id = $1 AND first_seen_at > now() - $2::interval`,
        [e.team_id, window],
      )
    )[0];
    if (recent && recent.n + 1 > noise.digestThreshold) {
      digestId = (
        await tx.query<{ id: number }>(
          `INSERT INTO bot_digests (team_id, started_at, last_alert_at) VALUES ($1, $2, now()) RETURNING id`,
          [e.team_id, recent.first ?? new Date()],
        )
      )[0]!.id;
    }
  }
  const inserted = await tx.query<{ id: number }>(
    `INSERT INTO bot_alerts (team_id, entity_key, kind, state, payload, digest_id, first_seen_at, last_seen_at)
     VALUES ($1, $2, $3, 'open', $4::jsonb, $5, now(), now()) RETURNING id`,
    [e.team_id, e.entity_key, event.kind, JSON.stringify(event), digestId ?? null],
  );
  if (digestId !== undefined) {
    await bumpDigest(tx, digestId, true);
    return { kind: 'digest', id: digestId };
  }
  return { kind: 'alert', id: inserted[0]!.id };
}
