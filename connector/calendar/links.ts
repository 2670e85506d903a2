/**
 * Calendar subscription links: a random token per link (256 bits), stored only as its SHA-256,
 * optionally expiring, revocable and rotatable. Resolving a token never says why it failed:
 * unknown, revoked and expired all look the same to the caller.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { err, ok, type Result } from '../errors.ts';
import type { Queryable, Store } from '../store/index.ts';
import type { CalendarLink } from './link-schema.ts';

export { calendarLinkSchema, type CalendarLink } from './link-schema.ts';

/** A token as it appears in a feed URL: 32 random bytes, base64url. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A link just created or rotated: the only time its token (and so its URL) is available. */
export interface IssuedLink {
  link: CalendarLink;
  token: string;
}

export interface LinkError {
  code: 'not_found' | 'revoked' | 'limit_reached';
  message: string;
}

interface LinkRow {
  id: string;
  employee_id: string;
  created_by_user_id: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  replaced_by: string | null;
  last_used_at: Date | null;
}

const COLUMNS = 'id, employee_id, created_by_user_id, created_at, expires_at, revoked_at, replaced_by, last_used_at';

function toLink(row: LinkRow, now: number): CalendarLink {
  const status = row.revoked_at
    ? 'revoked'
    : row.expires_at && row.expires_at.getTime() <= now
      ? 'expired'
      : 'active';
  return {
    id: row.id,
    employeeId: row.employee_id,
    status,
    createdAt: row.created_at.toISOString(),
    createdByUserId: row.created_by_user_id,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    replacedBy: row.replaced_by,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

/** SHA-256 of a token, hex: what the database keeps and looks up by. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface CreateLinkInput {
  employeeId: string;
  /** Entra object id of who asked (the worker, or a manager for their worker). */
  createdByUserId: string | null;
  /** Lifetime in days; 0 or undefined falls back to the configured default (0 = never). */
  ttlDays?: number;
}

export interface LinkService {
  /** A new link; refused when the worker already has `maxActive` working links. */
  create(input: CreateLinkInput): Promise<Result<IssuedLink, LinkError>>;
  /** One link by id (for authorising an action on it), whoever it belongs to. */
  get(linkId: string): Promise<CalendarLink | undefined>;
  /** Every link of a worker, newest first, with its status. */
  list(employeeId: string): Promise<CalendarLink[]>;
  /** Disables a link now. Revoking a revoked link is not an error (the outcome is the same). */
  revoke(employeeId: string, linkId: string): Promise<Result<CalendarLink, LinkError>>;
  /** Issues a new link for the same worker and disables the old one, atomically. */
  rotate(employeeId: string, linkId: string, byUserId: string | null): Promise<Result<IssuedLink, LinkError>>;
  /** The active link a token opens, or undefined (unknown, revoked and expired alike). */
  resolve(token: string): Promise<CalendarLink | undefined>;
  /** Records a successful feed fetch (shown in the tab as "last used"). */
  touch(linkId: string): Promise<void>;
}

export interface LinkServiceOptions {
  /** Default lifetime of new links in days; 0 = no expiry. */
  defaultTtlDays: number;
  /** Working (not revoked, not expired) links one worker may have at once (default 10). */
  maxActive?: number;
  now?: () => number;
}

/** Serialises link creation per worker, so the active-link cap holds under races. */
const LINK_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('calendar-links:' || $1))`;

/** The link service over the store. */
export function createLinkService(store: Store, options: LinkServiceOptions): LinkService {
  const now = options.now ?? Date.now;

  async function insert(q: Queryable, input: CreateLinkInput): Promise<IssuedLink> {
    const token = randomBytes(32).toString('base64url');
    const ttl = input.ttlDays && input.ttlDays > 0 ? input.ttlDays : options.defaultTtlDays;
    const createdAt = new Date(now());
    const expiresAt = ttl > 0 ? new Date(createdAt.getTime() + ttl * 86_400_000) : null;
    const rows = await q.query<LinkRow>(
      `INSERT INTO calendar_links (id, token_hash, employee_id, created_by_user_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [randomUUID(), hashToken(token), input.employeeId, input.createdByUserId, createdAt, expiresAt],
    );
    return { link: toLink(rows[0]!, now()), token };
  }

  async function find(q: Queryable, employeeId: string, linkId: string): Promise<LinkRow | undefined> {
    const rows = await q.query<LinkRow>(
      `SELECT ${COLUMNS} FROM calendar_links WHERE id = $1 AND employee_id = $2 FOR UPDATE`,
      [linkId, employeeId],
    );
    return rows[0];
  }

  const notFound = (): LinkError => ({ code: 'not_found', message: 'There is no such calendar link for this worker.' });

  const maxActive = options.maxActive ?? 10;

  return {
    create(input) {
      return store.transaction(async (tx) => {
        await tx.query(LINK_LOCK_SQL, [input.employeeId]);
        const rows = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM calendar_links
            WHERE employee_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
          [input.employeeId, new Date(now())],
        );
        if ((rows[0]?.n ?? 0) >= maxActive) {
          return err<LinkError>({
            code: 'limit_reached',
            message: `This worker already has ${maxActive} working calendar links; revoke one first.`,
          });
        }
        return ok(await insert(tx, input));
      });
    },

    async get(linkId) {
      const rows = await store.query<LinkRow>(`SELECT ${COLUMNS} FROM calendar_links WHERE id = $1`, [linkId]);
      return rows[0] ? toLink(rows[0], now()) : undefined;
    },

    async list(employeeId) {
      const rows = await store.query<LinkRow>(
        `SELECT ${COLUMNS} FROM calendar_links WHERE employee_id = $1 ORDER BY created_at DESC, id`,
        [employeeId],
      );
      const t = now();
      return rows.map((r) => toLink(r, t));
    },

    revoke(employeeId, linkId) {
      return store.transaction(async (tx) => {
        const row = await find(tx, employeeId, linkId);
        if (!row) return err(notFound());
        if (row.revoked_at) return ok(toLink(row, now()));
        const rows = await tx.query<LinkRow>(
          `UPDATE calendar_links SET revoked_at = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
          [linkId, new Date(now())],
        );
        return ok(toLink(rows[0]!, now()));
      });
    },

    rotate(employeeId, linkId, byUserId) {
      return store.transaction(async (tx) => {
        const row = await find(tx, employeeId, linkId);
        if (!row) return err(notFound());
        if (row.revoked_at) {
          return err<LinkError>({ code: 'revoked', message: 'This link is already disabled; create a new one instead.' });
        }
        const issued = await insert(tx, { employeeId, createdByUserId: byUserId });
        await tx.query(`UPDATE calendar_links SET revoked_at = $2, replaced_by = $3 WHERE id = $1`, [
          linkId,
          new Date(now()),
          issued.link.id,
        ]);
        return ok(issued);
      });
    },

    async resolve(token) {
      // Cheap shape check first: a malformed token cannot match, and is never hashed or queried.
      if (!TOKEN_PATTERN.test(token)) return undefined;
      const rows = await store.query<LinkRow>(
        `SELECT ${COLUMNS} FROM calendar_links
          WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
        [hashToken(token), new Date(now())],
      );
      const row = rows[0];
      return row ? toLink(row, now()) : undefined;
    },

    async touch(linkId) {
      await store.query(`UPDATE calendar_links SET last_used_at = $2 WHERE id = $1`, [linkId, new Date(now())]);
    },
  };
}
