import type { ZodType, ZodTypeDef } from 'zod';
import { AppError } from '../../../connector/errors.ts';
import type { HttpRequest, HttpResponse } from '../../../connector/http/types.ts';
import type { SyncServiceError } from '../../../connector/sync/service.ts';
import type { WfmError } from '../../../connector/wfm/contract.ts';
import type { Guard } from '../guard.ts';
import type { TabDeps } from '../ports.ts';

/** What every endpoint module receives. */
export interface TabContext extends TabDeps {
  guard: Guard;
  now: () => Date;
}

/** A JSON answer, shaped by the endpoint's response schema so nothing undeclared leaks. */
export function reply<T>(schema: ZodType<T, ZodTypeDef, unknown>, value: T, status = 200): HttpResponse {
  return { status, json: schema.parse(value), headers: { 'cache-control': 'no-store' } };
}

/** Validates the query string; unknown parameters are refused (schemas are strict). */
export function parseQuery<T>(req: HttpRequest, schema: ZodType<T, ZodTypeDef, unknown>): T {
  return schema.parse(Object.fromEntries(req.query.entries()));
}

/** A path parameter, present by construction of the route pattern. */
export function param(req: HttpRequest, name: string): string {
  const v = req.params[name];
  if (!v || v.length > 200) throw new AppError('bad_request', `Missing or invalid ${name}.`);
  return v;
}

/** The sync engine's expected failures, as API errors. */
export function syncError(e: SyncServiceError): AppError {
  return new AppError(e.code, e.message);
}

/** The WFM's expected failures, as API errors (its message is written for people already). */
export function wfmError(e: WfmError): AppError {
  switch (e.kind) {
    case 'not_found':
      return new AppError('not_found', e.message);
    case 'unavailable':
      return new AppError('bad_gateway', `The WFM is not answering: ${e.message}`);
    case 'not_allowed':
      return new AppError('forbidden', e.message);
    case 'conflict':
      return new AppError('conflict', e.message);
    case 'rule_violation':
      return new AppError('bad_request', e.message);
  }
}

/** Names of WFM teams by id; an unreachable WFM leaves names out rather than failing the page. */
export async function wfmTeamNames(ctx: TabContext): Promise<Map<string, string>> {
  const teams = await ctx.wfm.listTeams();
  return new Map(teams.ok ? teams.value.map((t) => [t.id, t.name]) : []);
}
