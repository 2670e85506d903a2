/**
 * The audit of webhook decisions: one row per answered /update item, read by the tab and the
 * bot through `listDecisions`.
 */
import { z } from 'zod';
import type { Queryable } from '../store/index.ts';

export const decisionKindSchema = z.enum(['approved', 'rejected', 'passthrough']);

/** One recorded decision, as the tab and the bot see it. */
export const webhookDecisionSchema = z.object({
  id: z.number().int(),
  teamId: z.string(),
  /** Normalised Shifts entity type (`shift`, `swapRequest`, ...); the raw URL segment when unknown. */
  entityType: z.string(),
  /** Shifts id of the entity. */
  entityId: z.string(),
  operation: z.enum(['create', 'update', 'delete']),
  /** Entra object id of the person who made the change in Shifts, when known. */
  actingUserId: z.string().nullable(),
  decision: decisionKindSchema,
  /** Item status answered to Shifts. */
  status: z.number().int(),
  ruleCode: z.string().nullable(),
  message: z.string().nullable(),
  latencyMs: z.number().int(),
  transactionId: z.string().nullable(),
  /** WFM id of the entity, when it has one. */
  wfmId: z.string().nullable(),
  /** UTC instant, ISO 8601. */
  at: z.string(),
});
export type WebhookDecision = z.infer<typeof webhookDecisionSchema>;

/** A decision to record (`id` and `at` are assigned by the store). */
export type NewDecision = Omit<WebhookDecision, 'id' | 'at'>;

export const decisionFilterSchema = z.object({
  teamId: z.string().optional(),
  decision: decisionKindSchema.optional(),
  entityType: z.string().optional(),
  /** Only decisions at or after this instant. */
  since: z.string().datetime({ offset: true }).optional(),
  /** Paging: only decisions with an id below this one (newest first). */
  beforeId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type DecisionFilter = z.input<typeof decisionFilterSchema>;

interface DecisionRow {
  id: number;
  team_id: string;
  entity_type: string;
  entity_id: string;
  operation: WebhookDecision['operation'];
  acting_user_id: string | null;
  decision: WebhookDecision['decision'];
  status: number;
  rule_code: string | null;
  message: string | null;
  latency_ms: number;
  transaction_id: string | null;
  wfm_id: string | null;
  created_at: Date;
}

const toDecision = (r: DecisionRow): WebhookDecision => ({
  id: Number(r.id),
  teamId: r.team_id,
  entityType: r.entity_type,
  entityId: r.entity_id,
  operation: r.operation,
  actingUserId: r.acting_user_id,
  decision: r.decision,
  status: r.status,
  ruleCode: r.rule_code,
  message: r.message,
  latencyMs: r.latency_ms,
  transactionId: r.transaction_id,
  wfmId: r.wfm_id,
  at: r.created_at.toISOString(),
});

/**
 * Idempotency answers to store with the decisions: claimed items marked answered (see
 * `completeItems`), or, for items never claimed (group commit), new answered records.
 */
export type AnswersToStore =
  | { teamId: string; answers: ReadonlyArray<{ key: { transactionId: string; itemId: string }; response: unknown }> }
  | { insert: ReadonlyArray<{ teamId: string; key: { transactionId: string; itemId: string }; response: unknown }> };

/** Decisions per INSERT: 13 parameters each, so a statement stays well under the 65,535 limit. */
export const DECISIONS_PER_STATEMENT = 1000;

/** Idempotency answers without decisions (the chunked path of `recordDecisions`). */
async function recordAnswersOnly(q: Queryable, answers: AnswersToStore): Promise<void> {
  if ('insert' in answers) {
    if (answers.insert.length === 0) return;
    await q.query(
      `INSERT INTO webhook_items (team_id, transaction_id, item_id, state, response)
       SELECT v.team_id, v.t, v.i, 'done', v.r FROM json_to_recordset($1::json) AS v(team_id text, t text, i text, r jsonb)`,
      [JSON.stringify(answers.insert.map((x) => ({ team_id: x.teamId, t: x.key.transactionId, i: x.key.itemId, r: x.response })))],
    );
    return;
  }
  if (answers.answers.length === 0) return;
  await q.query(
    `UPDATE webhook_items w SET state = 'done', response = v.r
       FROM json_to_recordset($2::json) AS v(t text, i text, r jsonb)
      WHERE w.team_id = $1 AND w.transaction_id = v.t AND w.item_id = v.i`,
    [answers.teamId, JSON.stringify(answers.answers.map((a) => ({ t: a.key.transactionId, i: a.key.itemId, r: a.response })))],
  );
}

/**
 * Records decisions and returns their ids in order; with `answers`, the same statement also
 * marks those idempotency claims answered (one round trip for the whole request).
 */
export async function recordDecisions(
  q: Queryable,
  decisions: ReadonlyArray<NewDecision & { itemId: string }>,
  answers?: AnswersToStore,
): Promise<number[]> {
  if (decisions.length === 0) return [];
  if (decisions.length > DECISIONS_PER_STATEMENT) {
    // Bounded statements, far below PostgreSQL's 65,535 parameters: the rows in chunks, then the
    // answers on their own (in the caller's transaction, so still all or nothing).
    const ids: number[] = [];
    for (let i = 0; i < decisions.length; i += DECISIONS_PER_STATEMENT) {
      ids.push(...(await recordDecisions(q, decisions.slice(i, i + DECISIONS_PER_STATEMENT))));
    }
    if (answers && 'insert' in answers) {
      for (let i = 0; i < answers.insert.length; i += DECISIONS_PER_STATEMENT) {
        await recordAnswersOnly(q, { insert: answers.insert.slice(i, i + DECISIONS_PER_STATEMENT) });
      }
    } else if (answers) {
      await recordAnswersOnly(q, answers);
    }
    return ids;
  }
  const cols = 13;
  const values: unknown[] = [];
  const tuples = decisions.map((d, i) => {
    values.push(
      d.teamId,
      d.entityType,
      d.entityId,
      d.operation,
      d.actingUserId,
      d.decision,
      d.status,
      d.ruleCode,
      d.message,
      Math.max(0, Math.round(d.latencyMs)),
      d.transactionId,
      d.itemId,
      d.wfmId,
    );
    return `(${Array.from({ length: cols }, (_, k) => `$${i * cols + k + 1}`).join(', ')})`;
  });
  const insert = `INSERT INTO webhook_decisions (team_id, entity_type, entity_id, operation, acting_user_id, decision, status,
       rule_code, message, latency_ms, transaction_id, item_id, wfm_id)
     VALUES ${tuples.join(', ')} RETURNING id`;
  if (answers && 'insert' in answers && answers.insert.length > 0) {
    // A key recorded meanwhile makes this statement fail, and the caller's transaction with it.
    const n = values.length;
    const a = answers.insert;
    // As one JSON value: the answers are JSON themselves, which a text array would escape again.
    values.push(JSON.stringify(a.map((x) => ({ team_id: x.teamId, t: x.key.transactionId, i: x.key.itemId, r: x.response }))));
    const rows = await q.query<{ id: number }>(
      `WITH answered AS (
         INSERT INTO webhook_items (team_id, transaction_id, item_id, state, response)
         SELECT v.team_id, v.t, v.i, 'done', v.r FROM json_to_recordset($${n + 1}::json) AS v(team_id text, t text, i text, r jsonb)
       ), inserted AS (${insert}) SELECT id FROM inserted`,
      values,
    );
    return rows.map((r) => Number(r.id));
  }
  if (!answers || !('answers' in answers) || answers.answers.length === 0) return (await q.query<{ id: number }>(insert, values)).map((r) => Number(r.id));
  const n = values.length;
  const single = answers.answers.length === 1 ? answers.answers[0]! : undefined;
  // One answer (the usual request) matched by key: cheaper to plan than a join with unnest.
  const update = single
    ? `UPDATE webhook_items SET state = 'done', response = $${n + 4}::jsonb
        WHERE team_id = $${n + 1} AND transaction_id = $${n + 2} AND item_id = $${n + 3}`
    : `UPDATE webhook_items w SET state = 'done', response = v.r::jsonb
         FROM unnest($${n + 2}::text[], $${n + 3}::text[], $${n + 4}::text[]) AS v(t, i, r)
        WHERE w.team_id = $${n + 1} AND w.transaction_id = v.t AND w.item_id = v.i`;
  values.push(
    answers.teamId,
    ...(single
      ? [single.key.transactionId, single.key.itemId, JSON.stringify(single.response)]
      : [
          answers.answers.map((a) => a.key.transactionId),
          answers.answers.map((a) => a.key.itemId),
          answers.answers.map((a) => JSON.stringify(a.response)),
        ]),
  );
  const rows = await q.query<{ id: number }>(`WITH answered AS (${update}), inserted AS (${insert}) SELECT id FROM inserted`, values);
  return rows.map((r) => Number(r.id));
}

/** Recorded decisions, newest first, filtered. */
export async function listDecisions(q: Queryable, filter: DecisionFilter = {}): Promise<WebhookDecision[]> {
  const f = decisionFilterSchema.parse(filter);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.teamId !== undefined) add('team_id = ?', f.teamId);
  if (f.decision !== undefined) add('decision = ?', f.decision);
  if (f.entityType !== undefined) add('entity_type = ?', f.entityType);
  if (f.since !== undefined) add('created_at >= ?', new Date(f.since));
  if (f.beforeId !== undefined) add('id < ?', f.beforeId);
  params.push(f.limit);
  const rows = await q.query<DecisionRow>(
    `SELECT id, team_id, entity_type, entity_id, operation, acting_user_id, decision, status, rule_code, message,
            latency_ms, transaction_id, wfm_id, created_at
       FROM webhook_decisions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toDecision);
}
