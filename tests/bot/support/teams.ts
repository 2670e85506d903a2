/**
 * Teams-shaped activities as the Bot Framework channel posts them to `/api/messages`, for a
 * manager in a personal chat whose serviceUrl is the local Bot Connector stand-in.
 */
export interface Manager {
  aadObjectId: string;
  mri: string;
  name: string;
  conversationId: string;
}

export const TENANT = '00000000-0000-4000-8000-000000000001';
export const BOT_MRI = '28:bot-local';

export function manager(n: number, name = `Manager ${n}`): Manager {
  return {
    aadObjectId: `0000000${n}-aaaa-4bbb-8ccc-00000000000${n}`,
    mri: `29:user-${n}`,
    name,
    conversationId: `a:personal-chat-${n}`,
  };
}

function base(m: Manager, serviceUrl: string) {
  return {
    channelId: 'msteams',
    serviceUrl,
    from: { id: m.mri, name: m.name, aadObjectId: m.aadObjectId },
    recipient: { id: BOT_MRI, name: 'Shifts connector' },
    conversation: { id: m.conversationId, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    timestamp: new Date().toISOString(),
    id: `in-${Math.random().toString(36).slice(2)}`,
  };
}

export const installationUpdate = (m: Manager, serviceUrl: string, action: 'add' | 'remove' = 'add') => ({
  ...base(m, serviceUrl),
  type: 'installationUpdate',
  action,
});

export const membersAdded = (m: Manager, serviceUrl: string) => ({
  ...base(m, serviceUrl),
  type: 'conversationUpdate',
  membersAdded: [{ id: BOT_MRI }],
});

export const message = (m: Manager, serviceUrl: string, text: string) => ({
  ...base(m, serviceUrl),
  type: 'message',
  text,
});

export const executeAction = (
  m: Manager,
  serviceUrl: string,
  verb: string,
  data: Record<string, unknown>,
  replyToId: string,
  trigger: 'manual' | 'automatic' = 'manual',
) => ({
  ...base(m, serviceUrl),
  type: 'invoke',
  name: 'adaptiveCard/action',
  replyToId,
  value: { action: { type: 'Action.Execute', verb, data }, trigger },
});

/** Posts an activity to the bot the way the channel does; returns status and parsed body. */
export async function post(appUrl: string, activity: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // a plain-text answer stays text
  }
  return { status: res.status, body };
}
