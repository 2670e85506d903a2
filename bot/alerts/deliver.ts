/**
 * Sends or edits one card for one recipient: the pg-boss worker behind every delivery. It is
 * idempotent (a lease and the revision already shown make duplicate jobs harmless) and keeps
 * its own retry schedule so a 429 or 5xx waits as long as the Bot Connector asked.
 */
import type { Logger } from 'pino';
import type { Store } from '../../connector/store/index.ts';
import type { TabLinks } from '../cards/index.ts';
import { ConnectorError, type BotChannel } from '../channel.ts';
import { DELIVERY_TRANSITIONS, assertTransition, type DeliveryState } from '../lifecycle.ts';
import { decideRetry, type RetryPolicy } from '../../connector/retry/index.ts';
import { connectorFailure } from '../retry.ts';
import type { TeamDirectory } from './directory.ts';
import { getConversation, type DeliveryRow } from './repository.ts';
import { renderTarget } from './render.ts';

export interface DeliverDeps {
  store: Store;
  channel: BotChannel;
  directory: TeamDirectory;
  links: TabLinks;
  log: Logger;
  retryPolicy: RetryPolicy;
  /** Queues another attempt of a delivery after `waitMs`. */
  requeue(deliveryId: number, waitMs: number): Promise<void>;
  /** Counts outcomes for /metrics. */
  count(outcome: 'sent' | 'updated' | 'retry' | 'failed' | 'awaiting_install'): void;
  /** Asks Graph to install the app for a manager who has not (when configured). */
  installApp?: ((userId: string) => Promise<void>) | undefined;
}

/** A worker holds a delivery this long; a crashed worker's lease runs out and the sweeper retries. */
const LEASE_SECONDS = 120;

export type DeliverOutcome = 'sent' | 'updated' | 'unchanged' | 'busy' | 'awaiting_install' | 'retry' | 'failed';

export async function deliver(deps: DeliverDeps, deliveryId: number): Promise<DeliverOutcome> {
  const { store } = deps;
  const leased = (
    await store.query<DeliveryRow>(
      `UPDATE bot_deliveries SET lease_until = now() + $2::interval
       WHERE id = $1 AND state = 'pending' AND (lease_until IS NULL OR lease_until < now())
       RETURNING id, target, target_id, user_id, state, activity_id, conversation_id, sent_revision, attempts`,
      [deliveryId, `${LEASE_SECONDS} seconds`],
    )
  )[0];
  if (!leased) return 'busy';

  const conversation = await getConversation(store, leased.user_id);
  if (!conversation) {
    await finish(deps, leased, 'awaiting_install', {});
    deps.count('awaiting_install');
    await requestInstall(deps, leased.user_id);
    return 'awaiting_install';
  }
  const rendered = await renderTarget(store, deps.directory, deps.links, leased.target, leased.target_id, conversation.userMri);
  if (!rendered) {
    await finish(deps, leased, 'failed', { error: `${leased.target} ${leased.target_id} no longer exists` });
    return 'failed';
  }
  const sameChat = leased.activity_id !== null && leased.conversation_id === conversation.conversationId;
  if (sameChat && leased.sent_revision >= rendered.revision) {
    await finish(deps, leased, 'sent', {});
    return 'unchanged';
  }

  try {
    let activityId = leased.activity_id;
    if (sameChat && activityId) {
      await deps.channel.updateCard(conversation, activityId, rendered.card);
    } else {
      activityId = (await deps.channel.sendCard(conversation, rendered.card)).activityId;
    }
    await finish(deps, leased, 'sent', { activityId, conversationId: conversation.conversationId, revision: rendered.revision });
    deps.count(sameChat ? 'updated' : 'sent');
    await catchUp(deps, leased, rendered.revision);
    return sameChat ? 'updated' : 'sent';
  } catch (err) {
    if (!(err instanceof ConnectorError)) {
      await release(deps, leased.id);
      throw err;
    }
    if (err.status === 403) {
      // The manager removed the app (the bot is no longer in the chat): wait for a reinstall.
      await store.query(`UPDATE bot_conversations SET installed = false WHERE user_id = $1`, [leased.user_id]);
      await finish(deps, leased, 'awaiting_install', { error: err.message });
      deps.count('awaiting_install');
      return 'awaiting_install';
    }
    const attempts = leased.attempts + 1;
    const decision = decideRetry(connectorFailure(err), attempts, deps.retryPolicy);
    deps.log.warn(
      { deliveryId: leased.id, status: err.status, attempts, retry: decision.retry, waitMs: decision.waitMs, reason: decision.reason },
      'card delivery failed',
    );
    if (!decision.retry) {
      await finish(deps, leased, 'failed', { error: err.message, attempts });
      deps.count('failed');
      return 'failed';
    }
    // The lease now holds the delivery until its retry time, so the sweeper does not jump the queue.
    await store.query(
      `UPDATE bot_deliveries SET attempts = $2, last_error = $3, lease_until = now() + $4::interval, updated_at = now()
       WHERE id = $1`,
      [leased.id, attempts, err.message, `${decision.waitMs} milliseconds`],
    );
    await deps.requeue(leased.id, decision.waitMs);
    deps.count('retry');
    return 'retry';
  }
}

async function finish(
  deps: DeliverDeps,
  row: DeliveryRow,
  state: DeliveryState,
  fields: { activityId?: string | null; conversationId?: string; revision?: number; error?: string; attempts?: number },
): Promise<void> {
  assertTransition(DELIVERY_TRANSITIONS, row.state, state, `delivery ${row.id}`);
  await deps.store.query(
    `UPDATE bot_deliveries SET state = $2, activity_id = COALESCE($3, activity_id), conversation_id = COALESCE($4, conversation_id),
            sent_revision = COALESCE($5, sent_revision), last_error = $6,
            attempts = CASE WHEN $2 = 'sent' THEN 0 ELSE COALESCE($7, attempts) END,
            lease_until = NULL, updated_at = now()
     WHERE id = $1`,
    [row.id, state, fields.activityId ?? null, fields.conversationId ?? null, fields.revision ?? null, fields.error ?? null, fields.attempts ?? null],
  );
}

async function release(deps: DeliverDeps, id: number): Promise<void> {
  await deps.store.query(`UPDATE bot_deliveries SET lease_until = NULL WHERE id = $1`, [id]);
}

/**
 * The alert may have changed while the card was on its way (a repeat, another manager's
 * action); marking it sent would hide that change, so it goes round once more.
 */
async function catchUp(deps: DeliverDeps, row: DeliveryRow, shown: number): Promise<void> {
  const table = row.target === 'alert' ? 'bot_alerts' : 'bot_digests';
  const current = (await deps.store.query<{ revision: number }>(`SELECT revision FROM ${table} WHERE id = $1`, [row.target_id]))[0];
  if (current && current.revision > shown) {
    await deps.store.query(`UPDATE bot_deliveries SET state = 'pending', updated_at = now() WHERE id = $1 AND state = 'sent'`, [row.id]);
    await deps.requeue(row.id, 0);
  }
}

/** A failed install request is logged, never fatal: the alert keeps waiting for a manual install. */
async function requestInstall(deps: DeliverDeps, userId: string): Promise<void> {
  if (!deps.installApp) return;
  try {
    await deps.installApp(userId);
  } catch (err) {
    deps.log.warn({ err }, 'requesting an app install through Graph failed');
  }
}
