/**
 * What the tab's API needs from the rest of the product, as narrow ports. The composition
 * root adapts the real capabilities (sync engine, WFM adapter, mappings, webhook audit) to
 * these; the tab imports nothing but their contracts.
 */
import type { Logger } from 'pino';
import type { JWTVerifyGetKey } from 'jose';
import type { SyncService } from '../../connector/sync/service.ts';
import type { WfmAdapter } from '../../connector/wfm/contract.ts';
import type { Queryable } from '../../connector/store/index.ts';
import type { RejectedChange } from './contracts/rejected.ts';
import type { TabAuthConfig } from './auth/index.ts';

/** Where the webhook's audit of rejected Shifts changes is read from. */
export interface RejectedChangesSource {
  /** Rejections in the given teams, newest first. */
  list(filter: { teamIds: string[]; since?: string; limit: number }): Promise<RejectedChange[]>;
}

/** Local mode only: mints a user token at the local emulator's issuer. */
export type LocalTokenMinter = (userId: string) => Promise<{ token: string; expiresAt: string }>;

/** Local mode only: display names of people the local emulator knows, by Entra object id. */
export type LocalUserNames = () => Promise<Map<string, string>>;

export interface TabConfig extends TabAuthConfig {
  /** Folder holding the built single-page app (`tab/dist`). */
  distDir: string;
}

export interface TabDeps {
  config: TabConfig;
  log: Logger;
  /** Store the mappings live in (team managers, user names). */
  store: Queryable;
  sync: SyncService;
  wfm: WfmAdapter;
  rejected: RejectedChangesSource;
  /** Signing keys; default: the JWKS derived from config (tests pass a local key set). */
  keys?: JWTVerifyGetKey;
  /** Local sign-in; absent outside local mode. */
  mintLocalToken?: LocalTokenMinter;
  /** Names for the local sign-in form; absent outside local mode. */
  localUserNames?: LocalUserNames;
  /** Clock, for the 24 h and 7-day windows (tests pin it). */
  now?: () => Date;
}
