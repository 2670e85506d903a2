/**
 * What the bot does when a manager installs it, types a command or presses a card button.
 * Plain functions over the store and the sync service; no Teams SDK types (see channel.ts).
 */
import type { Logger } from 'pino';
import type { Store } from '../connector/store/index.ts';
import type { SyncFailure, SyncService, SyncServiceError } from '../connector/sync/service.ts';
import {
  ALERT_VERBS,
  DIGEST_VERBS,
  FAILURE_VERBS,
  failuresCard,
  formatInstant,
  helpCard,
  statusCard,
  welcomeCard,
  type AdaptiveCard,
  type TabLinks,
  type TeamLabel,
} from './cards/index.ts';
import type { BotHandlers, BotUser } from './channel.ts';
import type { TeamDirectory } from './alerts/directory.ts';
import {
  findAlertByFailure,
  getAlert,
  isRecipient,
  markUninstalled,
  redeliverTarget,
  saveConversation,
  setAlertState,
  type AlertRecord,
} from './alerts/repository.ts';
import { renderTarget } from './alerts/render.ts';
import type { AlertState } from './lifecycle.ts';

export interface HandlerDeps {
  store: Store;
  directory: TeamDirectory;
  links: TabLinks;
  log: Logger;
  /** The sync engine; absent in deployments without it (Retry then explains why it cannot). */
  sync: () => SyncService | undefined;
  /** Hands deliveries to the queue after the transaction that created them committed. */
  enqueue(deliveryIds: number[]): Promise<void>;
}

const intId = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

export function createHandlers(deps: HandlerDeps): BotHandlers {
  const { store, directory, links } = deps;

  const who = (user: BotUser) => user.name ?? 'a manager';

  async function mayAct(alert: AlertRecord, user: BotUser): Promise<boolean> {
    if (!user.userId) return false;
    if (await isRecipient(store, alert, user.userId)) return true;
    return (await directory.teamsOf(user.userId)).includes(alert.teamId);
  }

  /** Moves an alert and queues an edit of every card that shows it. */
  async function transition(alert: AlertRecord, state: AlertState, outcome: string, handledBy: string | null) {
    const ids = await store.transaction(async (tx) => {
      const fresh = await getAlert(tx, alert.id, true);
      if (!fresh) return [];
      await setAlertState(tx, fresh, state, outcome, handledBy);
      return [
        ...(await redeliverTarget(tx, 'alert', fresh.id)),
        ...(fresh.digestId !== null ? await redeliverTarget(tx, 'digest', fresh.digestId) : []),
      ];
    });
    await deps.enqueue(ids);
  }

  async function alertCardFor(alertId: number, user: BotUser): Promise<AdaptiveCard> {
    const rendered = await renderTarget(store, directory, links, 'alert', alertId, user.mri);
    return rendered?.card ?? helpCard(links, 'that alert (it no longer exists)');
  }

  /** "now" in the team's zone, for result lines. */
  function stamp(label: TeamLabel): string {
    return `${formatInstant(new Date().toISOString(), label.timeZone)} (${label.timeZone})`;
  }

  async function retryAlert(alert: AlertRecord, user: BotUser): Promise<void> {
    const label = await directory.label(alert.teamId);
    if (alert.event.kind !== 'sync_failure') return;
    const sync = deps.sync();
    if (!sync) {
      await transition(alert, 'open', 'Retry is not available: the sync engine is not running in this deployment.', null);
      return;
    }
    const result = await sync.retryFailure(alert.event.failureId);
    await applyRetryResult(alert, result, `Retried by ${who(user)} at ${stamp(label)}`);
  }

  /** Shows a retry's result on an open alert's cards. */
  async function applyRetryResult(
    alert: AlertRecord,
    result: { ok: true; value: SyncFailure } | { ok: false; error: SyncServiceError },
    prefix: string,
  ): Promise<void> {
    if (!result.ok) {
      const why = result.error.code === 'not_found' ? 'this failure no longer exists' : result.error.message;
      await transition(alert, 'open', `${prefix}: could not retry, ${why}.`, null);
      return;
    }
    const failure = result.value;
    if (failure.state === 'resolved') {
      await transition(alert, 'resolved', `${prefix}: synced successfully.`, null);
    } else if (failure.state === 'handled') {
      await transition(alert, 'handled', `${prefix}: the failure was already marked as handled.`, null);
    } else {
      await transition(alert, 'open', `${prefix}: still failing, ${failure.errorMessage} (${failure.errorCode}).`, null);
    }
  }

  async function handleAlert(alert: AlertRecord, user: BotUser): Promise<void> {
    const label = await directory.label(alert.teamId);
    const sync = deps.sync();
    if (alert.event.kind === 'sync_failure' && sync) {
      const result = await sync.markHandled(alert.event.failureId, user.userId);
      if (!result.ok && result.error.code !== 'not_found') {
        await transition(alert, 'open', `Could not mark as handled: ${result.error.message}.`, null);
        return;
      }
    }
    await transition(alert, 'handled', `Marked as handled by ${who(user)} at ${stamp(label)}.`, user.userId);
  }

  async function failuresFor(user: BotUser, notice?: string): Promise<AdaptiveCard> {
    const sync = deps.sync();
    if (!user.userId || !sync) return failuresCard([], new Map(), links, notice ?? (sync ? undefined : 'The sync engine is not running in this deployment.'));
    const teamIds = await directory.teamsOf(user.userId);
    const failures = teamIds.length === 0 ? [] : await sync.listFailures({ teamIds, state: ['open', 'retrying'] });
    const labels = new Map<string, TeamLabel>();
    for (const id of new Set(failures.map((f) => f.teamId))) labels.set(id, await directory.label(id));
    return failuresCard(failures, labels, links, notice);
  }

  async function failureAction(verb: string, failureId: string, user: BotUser): Promise<AdaptiveCard> {
    const sync = deps.sync();
    if (!sync || !user.userId) return failuresFor(user);
    const failure = await sync.getFailure(failureId);
    if (!failure || !(await directory.teamsOf(user.userId)).includes(failure.teamId)) {
      return failuresFor(user, 'That failure is not one of your teams’ open failures.');
    }
    const alert = await findAlertByFailure(store, failureId);
    const label = await directory.label(failure.teamId);
    if (verb === FAILURE_VERBS.retry) {
      const result = await sync.retryFailure(failureId);
      // Only an open alert reflects the retry; a resolved or handled card stays as it is.
      if (alert?.state === 'open') await applyRetryResult(alert, result, `Retried by ${who(user)} at ${stamp(label)}`);
      const notice = !result.ok
        ? `Could not retry: ${result.error.message}`
        : result.value.state === 'resolved'
          ? 'Retried: synced successfully.'
          : `Retried: still failing, ${result.value.errorMessage} (${result.value.errorCode}).`;
      return failuresFor(user, notice);
    }
    const result = await sync.markHandled(failureId, user.userId);
    if (alert && result.ok && alert.state === 'open') {
      await transition(alert, 'handled', `Marked as handled by ${who(user)} at ${stamp(label)}.`, user.userId);
    }
    return failuresFor(user, result.ok ? 'Marked as handled.' : `Could not mark as handled: ${result.error.message}`);
  }

  return {
    async installed(conversation) {
      const { ids, welcome } = await store.transaction(async (tx) => {
        const saved = await saveConversation(tx, conversation);
        // Alerts that arrived before the app was installed go out now.
        const waiting = await tx.query<{ id: number }>(
          `UPDATE bot_deliveries SET state = 'pending', updated_at = now()
           WHERE user_id = $1 AND state = 'awaiting_install' RETURNING id`,
          [conversation.userId],
        );
        return { ids: waiting.map((r) => r.id), welcome: saved.welcome };
      });
      deps.log.info({ waiting: ids.length }, 'bot installed for a manager');
      await deps.enqueue(ids);
      return welcome ? welcomeCard(links) : undefined;
    },

    async uninstalled(userId) {
      await markUninstalled(store, userId);
    },

    async command(command, user) {
      if (typeof command === 'object') return helpCard(links, command.unknown);
      if (command === 'help') return helpCard(links);
      if (command === 'failures') return failuresFor(user);
      const sync = deps.sync();
      const teamIds = user.userId ? await directory.teamsOf(user.userId) : [];
      if (!sync) return statusCard([], links, 'The sync engine is not running in this deployment.');
      return statusCard(teamIds.length === 0 ? [] : await sync.teamStatuses(teamIds), links);
    },

    async action(verb, data, user, trigger) {
      if (verb === DIGEST_VERBS.refresh) {
        const digestId = intId(data.digestId);
        const rendered = digestId ? await renderTarget(store, directory, links, 'digest', digestId, user.mri) : undefined;
        return rendered?.card ?? helpCard(links, 'that digest (it no longer exists)');
      }
      if (verb === FAILURE_VERBS.list) return failuresFor(user);
      if (verb === FAILURE_VERBS.retry || verb === FAILURE_VERBS.handled) {
        const failureId = typeof data.failureId === 'string' ? data.failureId : undefined;
        return failureId ? failureAction(verb, failureId, user) : failuresFor(user);
      }
      const alertId = intId(data.alertId);
      const alert = alertId ? await getAlert(store, alertId) : undefined;
      if (!alert) return helpCard(links, 'that alert (it no longer exists)');
      if (verb === ALERT_VERBS.refresh || trigger === 'automatic') return alertCardFor(alert.id, user);
      if (!(await mayAct(alert, user))) {
        deps.log.warn({ alertId: alert.id }, 'card action by someone who does not manage the team');
        return alertCardFor(alert.id, user);
      }
      if (verb === ALERT_VERBS.retry && alert.state === 'open') await retryAlert(alert, user);
      if (verb === ALERT_VERBS.handled && alert.state === 'open') await handleAlert(alert, user);
      return alertCardFor(alert.id, user);
    },
  };
}
