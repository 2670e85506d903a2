/**
 * The port between the bot's own logic and the Teams protocol. Everything here is plain data
 * and functions; `bot/teams/` implements it with teams-ai and botbuilder, so moving to the
 * newer Teams SDK replaces that one folder and nothing else.
 */
import { z } from 'zod';
import type { AdaptiveCard } from './cards/index.ts';

/** Where to reach one manager proactively: their personal chat with the bot. */
export const conversationSchema = z.object({
  /** Entra object id of the manager (the key everything else uses). */
  userId: z.string().min(1),
  tenantId: z.string().nullable(),
  /** Teams user id ("29:..."), needed for card `refresh.userIds`. */
  userMri: z.string().min(1),
  conversationId: z.string().min(1),
  serviceUrl: z.string().min(1),
  /** The Bot Framework conversation reference, kept as sent so proactive messages can use it. */
  reference: z.record(z.unknown()),
});
export type Conversation = z.infer<typeof conversationSchema>;

/** Who acted: the Entra object id when Teams sent one, and the Teams user id. */
export interface BotUser {
  userId: string | null;
  mri: string;
  name: string | null;
}

export type Command = 'status' | 'failures' | 'help';

/** What the bot does for each kind of incoming activity. Plain async functions, no SDK types. */
export interface BotHandlers {
  /** The app was installed (or the personal chat started); returns the welcome card to send, if any. */
  installed(conversation: Conversation): Promise<AdaptiveCard | undefined>;
  uninstalled(userId: string): Promise<void>;
  /** A chat command; `unknown` carries text the bot did not recognise. */
  command(command: Command | { unknown: string }, user: BotUser): Promise<AdaptiveCard>;
  /** An `Action.Execute` (click or automatic refresh); returns the card to show in its place. */
  action(verb: string, data: Record<string, unknown>, user: BotUser, trigger: 'manual' | 'automatic'): Promise<AdaptiveCard>;
}

/** An HTTP exchange with the Bot Framework channel, transport-neutral. */
export interface ChannelRequest {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}
export interface ChannelResponse {
  status: number;
  body?: unknown;
}

export interface BotChannel {
  /** Handles one incoming activity (authenticated unless running anonymously in local mode). */
  process(request: ChannelRequest): Promise<ChannelResponse>;
  /** Posts a card into a manager's chat; resolves with the new message id. Throws `ConnectorError`. */
  sendCard(conversation: Conversation, card: AdaptiveCard): Promise<{ activityId: string }>;
  /** Replaces an earlier message with a new card. Throws `ConnectorError`. */
  updateCard(conversation: Conversation, activityId: string, card: AdaptiveCard): Promise<void>;
}

/** A Bot Connector call that failed, with what the retry decision needs. */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
