import { err, ok, type Result } from '../errors.ts';
import type { Queryable } from '../store/index.ts';
import { userMappingSchema, type MappingError, type UserMapping } from './schemas.ts';

interface UserRow {
  user_id: string;
  wfm_employee_id: string;
  display_name: string | null;
  upn: string | null;
}

const COLUMNS = 'user_id, wfm_employee_id, display_name, upn';

function toMapping(r: UserRow): UserMapping {
  return { userId: r.user_id, wfmEmployeeId: r.wfm_employee_id, displayName: r.display_name, upn: r.upn };
}

/**
 * Creates or replaces the mapping of an Entra user. Fails (without writing) when the input is
 * invalid or the employee is already mapped to another user.
 */
export async function upsertUserMapping(q: Queryable, m: UserMapping): Promise<Result<UserMapping, MappingError>> {
  const parsed = userMappingSchema.safeParse(m);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({ code: 'INVALID_MAPPING', message: `${issue?.path.join('.') ?? 'mapping'}: ${issue?.message ?? 'invalid'}` });
  }
  const v = parsed.data;
  const taken = await q.query<{ user_id: string }>(
    'SELECT user_id FROM map_users WHERE wfm_employee_id = $1 AND user_id <> $2',
    [v.wfmEmployeeId, v.userId],
  );
  if (taken[0]) {
    return err({
      code: 'DUPLICATE_EMPLOYEE',
      message: `WFM employee ${v.wfmEmployeeId} is already mapped to user ${taken[0].user_id}.`,
    });
  }
  const rows = await q.query<UserRow>(
    `INSERT INTO map_users (${COLUMNS}, updated_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (user_id) DO UPDATE SET wfm_employee_id = EXCLUDED.wfm_employee_id,
       display_name = EXCLUDED.display_name, upn = EXCLUDED.upn, updated_at = now()
     RETURNING ${COLUMNS}`,
    [v.userId, v.wfmEmployeeId, v.displayName, v.upn],
  );
  return ok(toMapping(rows[0]!));
}

/** The WFM employee id of an Entra user, or undefined when unmapped. */
export async function getEmployeeIdForUser(q: Queryable, userId: string): Promise<string | undefined> {
  const rows = await q.query<{ wfm_employee_id: string }>('SELECT wfm_employee_id FROM map_users WHERE user_id = $1', [userId]);
  return rows[0]?.wfm_employee_id;
}

/** The Entra object id of a WFM employee, or undefined when unmapped. */
export async function getUserIdForEmployee(q: Queryable, employeeId: string): Promise<string | undefined> {
  const rows = await q.query<{ user_id: string }>('SELECT user_id FROM map_users WHERE wfm_employee_id = $1', [employeeId]);
  return rows[0]?.user_id;
}

/** The full mapping of an Entra user, or undefined. */
export async function getUserMapping(q: Queryable, userId: string): Promise<UserMapping | undefined> {
  const rows = await q.query<UserRow>(`SELECT ${COLUMNS} FROM map_users WHERE user_id = $1`, [userId]);
  return rows[0] ? toMapping(rows[0]) : undefined;
}

/** Every user mapping, ordered by WFM employee id. */
export async function listUserMappings(q: Queryable): Promise<UserMapping[]> {
  const rows = await q.query<UserRow>(`SELECT ${COLUMNS} FROM map_users ORDER BY wfm_employee_id`);
  return rows.map(toMapping);
}

/** Removes a user mapping; true when one existed. */
export async function deleteUserMapping(q: Queryable, userId: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM map_users WHERE user_id = $1 RETURNING user_id', [userId]);
  return rows.length > 0;
}
