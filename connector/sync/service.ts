/**
 * What the rest of the product (bot, tab, CLI) may ask of the sync engine. The sync engine
 * implements it; callers depend on this interface only.
 */
import type { Result } from '../errors.ts';
import type { EffectiveMode, SyncEntityKind } from '../mappings/index.ts';

export type TeamHealth = 'healthy' | 'degraded' | 'failing';
export type SyncRunState = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';
export type FailureState = 'open' | 'retrying' | 'resolved' | 'handled';

export interface TeamSyncStatus {
  teamId: string;
  teamName: string;
  timeZone: string;
  health: TeamHealth;
  /** Why the team is not healthy (null when healthy). */
  healthReason: string | null;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  /** Entities currently mapped and in sync, per entity type. */
  entitiesSynced: Record<string, number>;
  openFailures: number;
  /** Shifts changes the WFM rejected in the last 24 hours. */
  rejectedLast24h: number;
  /** The sync mode of each entity kind for this team (its override, else SYNC_MODE). */
  syncModes?: Record<SyncEntityKind, EffectiveMode>;
  freshness: TeamFreshness;
}

/** How fast WFM changes reach Shifts for a team: lag from the WFM change to its Graph write. */
export interface TeamFreshness {
  /** Over the changes written in the last hour (null when there were none). */
  p50Seconds: number | null;
  p95Seconds: number | null;
  samples: number;
  /** The oldest WFM change of the team not yet written to Shifts (null: none waiting). */
  oldestUnsyncedAt: string | null;
}

export interface SyncRunSummary {
  id: string;
  teamId: string;
  kind: 'initial' | 'incremental' | 'reconcile' | 'manual';
  state: SyncRunState;
  startedAt: string;
  finishedAt: string | null;
  /** counts[entityType][operation] = n, operations: created, updated, deleted, unchanged, failed. */
  counts: Record<string, Record<string, number>>;
  error: string | null;
}

export interface FailureAttempt {
  at: string;
  errorCode: string;
  errorMessage: string;
  /** Sends in this round (the Graph client's own retries included); absent in older records. */
  attempts?: number;
}

export interface SyncFailure {
  id: string;
  teamId: string;
  entityType: string;
  wfmId: string | null;
  shiftsId: string | null;
  operation: 'create' | 'update' | 'delete';
  errorCode: string;
  errorMessage: string;
  /** Every send of the entity that failed, the Graph client's own retries included. */
  attempts: number;
  state: FailureState;
  firstSeenAt: string;
  lastSeenAt: string;
  nextRetryAt: string | null;
  history: FailureAttempt[];
}

export interface FailureFilter {
  teamIds?: string[];
  entityType?: string;
  errorCode?: string;
  state?: FailureState[];
}

export type SyncServiceError =
  | { code: 'not_found'; message: string }
  | { code: 'conflict'; message: string }
  | { code: 'unavailable'; message: string };

export interface SyncService {
  teamStatuses(teamIds?: string[]): Promise<TeamSyncStatus[]>;
  /** Runs over the last `days` days, newest first. */
  recentRuns(teamId: string, days: number): Promise<SyncRunSummary[]>;
  getRun(runId: string): Promise<SyncRunSummary | undefined>;
  /** Queues a sync of one team now; returns the run id to follow. */
  syncNow(teamId: string, options?: { full?: boolean }): Promise<Result<{ runId: string }, SyncServiceError>>;
  listFailures(filter?: FailureFilter): Promise<SyncFailure[]>;
  getFailure(id: string): Promise<SyncFailure | undefined>;
  /** Retries one failed entity now and resolves with its new state. */
  retryFailure(id: string): Promise<Result<SyncFailure, SyncServiceError>>;
  /** Retries every open failure of a team; resolves with how many succeeded and failed. */
  retryAll(teamId: string): Promise<Result<{ retried: number; resolved: number; stillFailing: number }, SyncServiceError>>;
  /** A manager marks a failure as handled (no more retries or alerts for it). */
  markHandled(id: string, byUserId: string | null): Promise<Result<SyncFailure, SyncServiceError>>;
}
