/**
 * Who may manage whose calendar links from the tab: a worker their own (Entra user mapped to a
 * WFM employee), a manager those of the workers in the teams they manage. Refusals never say
 * whether the worker or link exists.
 */
import { AppError } from '../../errors.ts';
import type { HttpRequest } from '../../http/types.ts';
import { getEmployeeIdForUser } from '../../mappings/index.ts';
import type { Queryable } from '../../store/index.ts';
import type { WfmAdapter } from '../../wfm/contract.ts';
import type { LinkService } from '../links.ts';

/** The tab's authentication, as a port (the tab's `Guard` satisfies it). */
export interface CalendarAuth {
  /** The signed-in person; throws `unauthorized` for a missing or bad token. */
  principal(req: HttpRequest): Promise<{ userId: string }>;
  /** Team mappings the person manages. */
  managedTeams(p: { userId: string }): Promise<Array<{ wfmTeamId: string }>>;
}

export interface TabRouteDeps {
  auth: CalendarAuth;
  store: Queryable;
  wfm: WfmAdapter;
  links: LinkService;
  /** Public base URL of this deployment (feed URLs are built on it). */
  publicUrl: string;
}

/** The https and webcal URLs of a token's feed. */
export function feedUrls(publicUrl: string, token: string): { url: string; webcalUrl: string } {
  const url = `${publicUrl}/calendar/${token}.ics`;
  return { url, webcalUrl: url.replace(/^https?:/i, 'webcal:') };
}

async function managesEmployee(deps: TabRouteDeps, userId: string, employeeId: string): Promise<boolean> {
  const teams = await deps.auth.managedTeams({ userId });
  for (const t of teams) {
    const employees = await deps.wfm.listEmployees(t.wfmTeamId);
    if (!employees.ok) {
      throw new AppError('bad_gateway', `The WFM is not answering: ${employees.error.message}`);
    }
    if (employees.value.some((e) => e.id === employeeId)) return true;
  }
  return false;
}

/**
 * The employee whose links the request is about: the caller's own when `requested` is absent
 * or theirs, else a worker of a team they manage (403 otherwise).
 */
export async function subjectEmployee(
  deps: TabRouteDeps,
  userId: string,
  requested: string | undefined,
): Promise<string> {
  const own = await getEmployeeIdForUser(deps.store, userId);
  if (requested === undefined || requested === own) {
    if (!own) throw new AppError('not_found', 'Your account is not linked to a schedule in the WFM.');
    return own;
  }
  if (await managesEmployee(deps, userId, requested)) return requested;
  throw new AppError('forbidden', 'You can manage calendar links only for yourself and the workers of your teams.');
}

/** Authorises an action on one link: its owner or their manager; anything else is "not found". */
export async function authoriseLink(deps: TabRouteDeps, userId: string, linkId: string): Promise<string> {
  const link = linkId.length <= 200 ? await deps.links.get(linkId) : undefined;
  if (link) {
    const own = await getEmployeeIdForUser(deps.store, userId);
    if (link.employeeId === own || (await managesEmployee(deps, userId, link.employeeId))) return link.employeeId;
  }
  throw new AppError('not_found', 'There is no such calendar link.');
}
