/**
 * Rows of the bot's tables and their mapping to the views cards are built from. Every
 * function takes a `Queryable` first so callers compose them inside one transaction.
 */
import { alertEventSchema } from '../../connector/alerts/index.ts';
import type { Queryable } from '../../connector/store/index.ts';
import type { AlertView, DigestView } from '../cards/index.ts';
import { conversationSchema, type Conversation } from '../channel.ts';
import { ALERT_TRANSITIONS, assertTransition, type AlertState, type DeliveryState } from '../lifecycle.ts';

interface AlertRow {
  id: number;
  team_id: string;
  entity_key: string;
  kind: string;
  state: AlertState;
  payload: unknown;
  occurrences: number;
  digest_id: number | null;
  outcome: string | null;
  revision: number;
  first_seen_at: Date;
  last_seen_at: Date;
}

export interface AlertRecord extends AlertView {
  teamId: string;
  entityKey: string;
  digestId: number | null;
  revision: number;
}

function toAlert(r: AlertRow): AlertRecord {
  return {
    id: r.id,
    teamId: r.team_id,
    entityKey: r.entity_key,
    state: r.state,
    event: alertEventSchema.parse(r.payload),
    occurrences: r.occurrences,
    digestId: r.digest_id,
    outcome: r.outcome,
    revision: r.revision,
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
  };
}

export async function getAlert(q: Queryable, id: number, forUpdate = false): Promise<AlertRecord | undefined> {
  const rows = await q.query<AlertRow>(`SELECT * FROM bot_alerts WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toAlert(rows[0]) : undefined;
}

export async function findAlertByEntity(q: Queryable, teamId: string, entityKey: string): Promise<AlertRecord | undefined> {
  const rows = await q.query<AlertRow>(`SELECT * FROM bot_alerts WHERE team_id = $1 AND entity_key = $2 FOR UPDATE`, [
    teamId,
    entityKey,
  ]);
  return rows[0] ? toAlert(rows[0]) : undefined;
}

/** The alert that shows a sync failure, so acting on the failure elsewhere updates its card. */
export async function findAlertByFailure(q: Queryable, failureId: string): Promise<AlertRecord | undefined> {
  const rows = await q.query<AlertRow>(
    `SELECT * FROM bot_alerts WHERE kind = 'sync_failure' AND payload->>'failureId' = $1 ORDER BY id DESC LIMIT 1`,
    [failureId],
  );
  return rows[0] ? toAlert(rows[0]) : undefined;
}

/** Moves an alert to `state` with a result line; bumps its revision so every card gets edited. */
export async function setAlertState(
  q: Queryable,
  alert: AlertRecord,
  state: AlertState,
  outcome: string | null,
  handledBy: string | null = null,
): Promise<void> {
  assertTransition(ALERT_TRANSITIONS, alert.state, state, `alert ${alert.id}`);
  await q.query(
    `UPDATE bot_alerts SET state = $2, outcome = $3, handled_by = COALESCE($4, handled_by), revision = revision + 1,
            updated_at = now() WHERE id = $1`,
    [alert.id, state, outcome, handledBy],
  );
  if (alert.digestId !== null) await bumpDigest(q, alert.digestId, false);
}

export async function bumpDigest(q: Queryable, digestId: number, newAlert: boolean): Promise<void> {
  await q.query(
    `UPDATE bot_digests SET revision = revision + 1${newAlert ? ', last_alert_at = now()' : ''} WHERE id = $1`,
    [digestId],
  );
}

interface DigestRow {
  id: number;
  team_id: string;
  started_at: Date;
  last_alert_at: Date;
  revision: number;
}

export interface DigestRecord extends DigestView {
  teamId: string;
  revision: number;
}

/** A digest with every alert of its burst: those attached to it and the ones sent before it began. */
export async function getDigest(q: Queryable, id: number): Promise<DigestRecord | undefined> {
  const rows = await q.query<DigestRow>(`SELECT * FROM bot_digests WHERE id = $1`, [id]);
  const d = rows[0];
  if (!d) return undefined;
  const alerts = await q.query<AlertRow>(
    `SELECT * FROM bot_alerts WHERE team_id = $1 AND (digest_id = $2 OR (first_seen_at >= $3 AND first_seen_at <= $4))
     ORDER BY last_seen_at DESC, id DESC`,
    [d.team_id, d.id, d.started_at, d.last_alert_at],
  );
  return {
    id: d.id,
    teamId: d.team_id,
    revision: d.revision,
    startedAt: d.started_at.toISOString(),
    lastAlertAt: d.last_alert_at.toISOString(),
    alerts: alerts.map(toAlert),
  };
}

interface ConversationRow {
  user_id: string;
  tenant_id: string | null;
  user_mri: string;
  conversation_id: string;
  service_url: string;
  reference: unknown;
  installed: boolean;
  welcomed_at: Date | null;
}

/** Stores (or refreshes) a manager's conversation; true when they have not been welcomed yet. */
export async function saveConversation(q: Queryable, c: Conversation): Promise<{ welcome: boolean }> {
  const rows = await q.query<{ welcomed_at: Date | null }>(
    `INSERT INTO bot_conversations (user_id, tenant_id, user_mri, conversation_id, service_url, reference, installed)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, true)
     ON CONFLICT (user_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, user_mri = EXCLUDED.user_mri,
       conversation_id = EXCLUDED.conversation_id, service_url = EXCLUDED.service_url,
       reference = EXCLUDED.reference, installed = true, updated_at = now()
     RETURNING welcomed_at`,
    [c.userId, c.tenantId, c.userMri, c.conversationId, c.serviceUrl, JSON.stringify(c.reference)],
  );
  if (rows[0]?.welcomed_at) return { welcome: false };
  // Only the first of installationUpdate / conversationUpdate claims the welcome.
  const claimed = await q.query(
    `UPDATE bot_conversations SET welcomed_at = now() WHERE user_id = $1 AND welcomed_at IS NULL RETURNING user_id`,
    [c.userId],
  );
  return { welcome: claimed.length > 0 };
}

/** Uninstalled: keep the row (alerts wait for a reinstall) and reset the welcome. */
export async function markUninstalled(q: Queryable, userId: string): Promise<void> {
  await q.query(`UPDATE bot_conversations SET installed = false, welcomed_at = NULL, updated_at = now() WHERE user_id = $1`, [
    userId,
  ]);
}

export async function getConversation(q: Queryable, userId: string): Promise<Conversation | undefined> {
  const rows = await q.query<ConversationRow>(`SELECT * FROM bot_conversations WHERE user_id = $1 AND installed`, [userId]);
  const r = rows[0];
  if (!r) return undefined;
  return conversationSchema.parse({
    userId: r.user_id,
    tenantId: r.tenant_id,
    userMri: r.user_mri,
    conversationId: r.conversation_id,
    serviceUrl: r.service_url,
    reference: r.reference,
  });
}

export type DeliveryTarget = 'alert' | 'digest';

export interface DeliveryRow {
  id: number;
  target: DeliveryTarget;
  target_id: number;
  user_id: string;
  state: DeliveryState;
  activity_id: string | null;
  conversation_id: string | null;
  sent_revision: number;
  attempts: number;
}

/**
 * Asks for a card to be sent or edited for each recipient. A delivery waiting for the app to be
 * installed keeps waiting (it will render the latest revision when it goes out).
 */
export async function requestDeliveries(
  q: Queryable,
  target: DeliveryTarget,
  targetId: number,
  userIds: readonly string[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const userId of new Set(userIds)) {
    const rows = await q.query<{ id: number }>(
      `INSERT INTO bot_deliveries (target, target_id, user_id, state) VALUES ($1, $2, $3, 'pending')
       ON CONFLICT (target, target_id, user_id) DO UPDATE SET state = 'pending', updated_at = now()
         WHERE bot_deliveries.state <> 'awaiting_install'
       RETURNING id`,
      [target, targetId, userId],
    );
    if (rows[0]) ids.push(rows[0].id);
  }
  return ids;
}

/** Every card already showing a target is edited (after an action or a repeat). */
export async function redeliverTarget(q: Queryable, target: DeliveryTarget, targetId: number): Promise<number[]> {
  const rows = await q.query<{ id: number }>(
    `UPDATE bot_deliveries SET state = 'pending', updated_at = now()
     WHERE target = $1 AND target_id = $2 AND state IN ('sent', 'pending', 'failed') RETURNING id`,
    [target, targetId],
  );
  return rows.map((r) => r.id);
}

/** Recipients already chosen for an alert (or its digest): whoever got it may act on it. */
export async function isRecipient(q: Queryable, alert: AlertRecord, userId: string): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM bot_deliveries WHERE user_id = $1 AND ((target = 'alert' AND target_id = $2) OR (target = 'digest' AND target_id = $3)) LIMIT 1`,
    [userId, alert.id, alert.digestId ?? -1],
  );
  return rows.length > 0;
}
