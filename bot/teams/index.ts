/**
 * The only place that knows teams-ai and botbuilder. It turns incoming Bot Framework
 * activities into calls on `BotHandlers`, and proactive card sends into Bot Connector calls.
 * A later move to the Teams SDK (`@microsoft/teams.apps`) replaces this folder only.
 */
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import {
  CardFactory,
  ConfigurationServiceClientCredentialFactory,
  MessageFactory,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Queryable } from '../../connector/store/index.ts';
import type { AdaptiveCard } from '../cards/index.ts';
import {
  ConnectorError,
  type BotChannel,
  type BotHandlers,
  type BotUser,
  type ChannelRequest,
  type ChannelResponse,
  type Conversation,
} from '../channel.ts';
import { parseRetryAfter } from '../../connector/http/retry-after.ts';
import { storeStorage } from './storage.ts';

export interface TeamsChannelOptions {
  /** Bot (Entra app) id and secret; both undefined runs anonymously (local mode only). */
  botId: string | undefined;
  botPassword: string | undefined;
  /** Entra tenant of a single-tenant bot registration. */
  tenantId: string | undefined;
  db: Queryable;
  handlers: BotHandlers;
  log: Logger;
}

const INVOKE_CARD = 'application/vnd.microsoft.card.adaptive';
const INVOKE_ERROR = 'application/vnd.microsoft.error';

/** Anchored command patterns: a teams-ai string keyword would match anywhere in the text. */
const COMMANDS = [
  { pattern: /^\s*status\s*$/i, command: 'status' },
  { pattern: /^\s*failures\s*$/i, command: 'failures' },
  { pattern: /^\s*help\s*$/i, command: 'help' },
] as const;

export function createTeamsChannel(options: TeamsChannelOptions): BotChannel {
  const { handlers, log } = options;
  const appId = options.botId ?? '';
  const credentials = new ConfigurationServiceClientCredentialFactory(
    options.botId
      ? {
          MicrosoftAppId: options.botId,
          MicrosoftAppPassword: options.botPassword,
          MicrosoftAppType: options.tenantId ? 'SingleTenant' : 'MultiTenant',
          ...(options.tenantId ? { MicrosoftAppTenantId: options.tenantId } : {}),
        }
      : {},
  );
  // The connector client retries a 429/5xx a few times in-process (its pipeline offers no
  // switch); when it gives up, the durable delivery queue takes over (bot/alerts/deliver.ts).
  const adapter = new ChannelAdapter({}, credentials);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityType: context.activity.type }, 'bot turn failed');
    if (context.activity.type === 'message') {
      await context.sendActivity('Sorry, something went wrong on our side. It has been logged.');
    }
  };

  const app = new Application<TurnState>({
    adapter,
    botAppId: appId,
    storage: storeStorage(options.db),
    startTypingTimer: false,
    removeRecipientMention: true,
    longRunningMessages: false,
  });

  const sendCard = (context: TurnContext, card: AdaptiveCard) =>
    context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));

  const onInstalled = async (context: TurnContext) => {
    const conversation = conversationOf(context.activity);
    if (!conversation) return;
    const welcome = await handlers.installed(conversation);
    if (welcome) await sendCard(context, welcome);
  };

  app.addRoute(
    async (context) => context.activity.type === 'invoke' && context.activity.name === 'adaptiveCard/action',
    async (context) => {
      const value = (context.activity.value ?? {}) as {
        action?: { type?: string; verb?: string; data?: Record<string, unknown> };
        trigger?: string;
      };
      let body: { statusCode: number; type: string; value: unknown };
      if (value.action?.type !== 'Action.Execute' || typeof value.action.verb !== 'string') {
        body = { statusCode: 400, type: INVOKE_ERROR, value: { code: 'BadRequest', message: 'Not an Action.Execute' } };
      } else {
        try {
          const card = await handlers.action(
            value.action.verb,
            value.action.data ?? {},
            userOf(context.activity),
            value.trigger === 'automatic' ? 'automatic' : 'manual',
          );
          body = { statusCode: 200, type: INVOKE_CARD, value: card };
        } catch (err) {
          log.error({ err, verb: value.action.verb }, 'card action failed');
          body = { statusCode: 500, type: INVOKE_ERROR, value: { code: 'InternalError', message: 'The action failed; it has been logged.' } };
        }
      }
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
    },
    true,
  );

  app.activity('installationUpdate', async (context) => {
    const action = String(context.activity.action ?? '');
    if (action === 'add' || action === 'add-upgrade') await onInstalled(context);
    if (action === 'remove' || action === 'remove-upgrade') {
      const userId = context.activity.from?.aadObjectId;
      if (userId && isPersonal(context.activity)) await handlers.uninstalled(userId);
    }
  });
  app.conversationUpdate('membersAdded', onInstalled);

  for (const { pattern, command } of COMMANDS) {
    app.message(pattern, async (context) => {
      await sendCard(context, await handlers.command(command, userOf(context.activity)));
    });
  }
  // Registered last: anything else typed in chat gets the help card.
  app.activity('message', async (context) => {
    const text = (context.activity.text ?? '').trim();
    if (text === '') return; // an Action.Submit or an attachment: nothing to answer
    await sendCard(context, await handlers.command({ unknown: text.slice(0, 80) }, userOf(context.activity)));
  });

  return {
    async process(request: ChannelRequest): Promise<ChannelResponse> {
      const activity = request.body as Activity;
      if (typeof activity.type !== 'string' || activity.type === '') return { status: 400, body: 'The activity has no type.' };
      const header = request.headers.authorization;
      try {
        const invoke = await adapter.processIncoming(typeof header === 'string' ? header : '', activity, async (context) => {
          await app.run(context);
        });
        return { status: invoke?.status ?? 200, ...(invoke?.body !== undefined ? { body: invoke.body } : {}) };
      } catch (err) {
        // botframework-connector's AuthenticationError: no, forged or expired token.
        if ((err as { statusCode?: unknown }).statusCode === 401) {
          log.warn({ reason: (err as Error).message }, 'bot activity refused: not authenticated');
          return { status: 401, body: (err as Error).message };
        }
        throw err;
      }
    },

    async sendCard(conversation: Conversation, card: AdaptiveCard) {
      let activityId: string | undefined;
      await connectorCall(async () =>
        adapter.continueConversationAsync(appId, conversation.reference as Partial<ConversationReference>, async (context) => {
          const sent = await sendCard(context, card);
          activityId = sent?.id;
        }),
      );
      if (!activityId) throw new ConnectorError('the Bot Connector returned no message id', 502, undefined);
      return { activityId };
    },

    async updateCard(conversation: Conversation, activityId: string, card: AdaptiveCard) {
      await connectorCall(async () =>
        adapter.continueConversationAsync(appId, conversation.reference as Partial<ConversationReference>, async (context) => {
          const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
          activity.id = activityId;
          await context.updateActivity(activity);
        }),
      );
    },
  };
}

/**
 * The Teams adapter with its activity pipeline opened to this module: `process()` of the library
 * prints every refused request's stack to the console, where a refusal must leave one log line.
 */
class ChannelAdapter extends TeamsAdapter {
  processIncoming(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Maps the connector client's errors to `ConnectorError` (status and Retry-After only). */
async function connectorCall(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const e = err as { statusCode?: unknown; response?: { headers?: { get?: (n: string) => string | undefined } } };
    const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
    const retryAfter = e.response?.headers?.get?.('retry-after');
    throw new ConnectorError(
      `Bot Connector call failed${status ? ` with status ${status}` : ''}: ${(err as Error).message}`,
      status,
      parseRetryAfter(retryAfter),
    );
  }
}

function isPersonal(activity: Activity): boolean {
  return activity.conversation?.conversationType === 'personal';
}

function userOf(activity: Activity): BotUser {
  return { userId: activity.from?.aadObjectId ?? null, mri: activity.from?.id ?? '', name: activity.from?.name ?? null };
}

/** The manager's personal conversation, or undefined for team/group chats and anonymous senders. */
function conversationOf(activity: Activity): Conversation | undefined {
  if (!isPersonal(activity)) return undefined;
  const userId = activity.from?.aadObjectId;
  if (!userId || !activity.from?.id) return undefined;
  const reference = TurnContext.getConversationReference(activity);
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  return {
    userId,
    tenantId: channelData.tenant?.id ?? activity.conversation.tenantId ?? null,
    userMri: activity.from.id,
    conversationId: activity.conversation.id,
    serviceUrl: activity.serviceUrl,
    reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
  };
}
