import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkService, hashToken, TOKEN_PATTERN, type LinkError } from '../../connector/calendar/links.ts';
import type { Result } from '../../connector/errors.ts';
import type { Store } from '../../connector/store/index.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { calendarStore } from './support/store.ts';

function must<T>(r: Result<T, LinkError>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe.each(STORE_BACKENDS)('calendar links (%s)', (backend) => {
  let store: Store;
  let clock = Date.UTC(2026, 5, 1, 12, 0);
  const now = () => clock;

  beforeAll(async () => {
    store = await calendarStore(backend);
  });
  afterAll(async () => {
    await store.close();
  });

  it('issues a 256-bit random token, stores only its hash, and resolves it to the worker', async () => {
    const links = createLinkService(store, { defaultTtlDays: 0, now });
    const a = must(await links.create({ employeeId: 'emp-a', createdByUserId: 'user-a' }));
    const b = must(await links.create({ employeeId: 'emp-a', createdByUserId: 'user-a' }));
    expect(a.token).toMatch(TOKEN_PATTERN);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    const raw = await store.query<Record<string, unknown>>('SELECT * FROM calendar_links WHERE id = $1', [a.link.id]);
    expect(JSON.stringify(raw)).not.toContain(a.token);
    expect(raw[0]!.token_hash).toBe(hashToken(a.token));
    expect(a.link).toMatchObject({ employeeId: 'emp-a', status: 'active', expiresAt: null, createdByUserId: 'user-a' });
    expect((await links.resolve(a.token))?.id).toBe(a.link.id);
    expect(JSON.stringify(a.link)).not.toContain(a.token);
  });

  it('answers undefined alike for unknown, malformed, revoked and expired tokens', async () => {
    const links = createLinkService(store, { defaultTtlDays: 0, now });
    const revoked = must(await links.create({ employeeId: 'emp-b', createdByUserId: null }));
    const expiring = must(await links.create({ employeeId: 'emp-b', createdByUserId: null, ttlDays: 1 }));
    expect((await links.revoke('emp-b', revoked.link.id)).ok).toBe(true);
    expect(await links.resolve(expiring.token)).toBeDefined();
    clock += 86_400_000;
    expect(await links.resolve(expiring.token)).toBeUndefined();
    expect(await links.resolve(revoked.token)).toBeUndefined();
    expect(await links.resolve('A'.repeat(43))).toBeUndefined();
    expect(await links.resolve("' OR 1=1 --")).toBeUndefined();
    const statuses = Object.fromEntries((await links.list('emp-b')).map((l) => [l.id, l.status]));
    expect(statuses).toEqual({ [revoked.link.id]: 'revoked', [expiring.link.id]: 'expired' });
  });

  it('applies the configured default lifetime to new links', async () => {
    const links = createLinkService(store, { defaultTtlDays: 30, now });
    const { link } = must(await links.create({ employeeId: 'emp-c', createdByUserId: null }));
    expect(Date.parse(link.expiresAt!) - Date.parse(link.createdAt)).toBe(30 * 86_400_000);
  });

  it('rotates: a new token works, the old one is disabled and points at its replacement', async () => {
    const links = createLinkService(store, { defaultTtlDays: 0, now });
    const first = must(await links.create({ employeeId: 'emp-d', createdByUserId: 'user-d' }));
    const rotated = await links.rotate('emp-d', first.link.id, 'user-d');
    expect(rotated.ok).toBe(true);
    if (!rotated.ok) return;
    expect(await links.resolve(first.token)).toBeUndefined();
    expect((await links.resolve(rotated.value.token))?.employeeId).toBe('emp-d');
    const listed = await links.list('emp-d');
    expect(listed.find((l) => l.id === first.link.id)).toMatchObject({ status: 'revoked', replacedBy: rotated.value.link.id });
    // A disabled link cannot be rotated again (that would resurrect a leaked URL's owner).
    const again = await links.rotate('emp-d', first.link.id, 'user-d');
    expect(again.ok ? null : again.error.code).toBe('revoked');
  });

  it("does not let one worker revoke or rotate another worker's link", async () => {
    const links = createLinkService(store, { defaultTtlDays: 0, now });
    const mine = must(await links.create({ employeeId: 'emp-e', createdByUserId: null }));
    const revoke = await links.revoke('emp-f', mine.link.id);
    expect(revoke.ok ? null : revoke.error.code).toBe('not_found');
    const rotate = await links.rotate('emp-f', mine.link.id, null);
    expect(rotate.ok ? null : rotate.error.code).toBe('not_found');
    expect(await links.resolve(mine.token)).toBeDefined();
  });

  it('caps the working links of one worker, counting neither revoked nor expired ones', async () => {
    const links = createLinkService(store, { defaultTtlDays: 0, maxActive: 2, now });
    const a = must(await links.create({ employeeId: 'emp-g', createdByUserId: null }));
    must(await links.create({ employeeId: 'emp-g', createdByUserId: null }));
    const third = await links.create({ employeeId: 'emp-g', createdByUserId: null });
    expect(third.ok ? null : third.error.code).toBe('limit_reached');
    expect(await links.list('emp-g')).toHaveLength(2);
    must(await links.revoke('emp-g', a.link.id));
    expect((await links.create({ employeeId: 'emp-g', createdByUserId: null })).ok).toBe(true);
    // Rotation replaces a link, so it never counts against the cap.
    const listed = await links.list('emp-g');
    const active = listed.find((l) => l.status === 'active')!;
    expect((await links.rotate('emp-g', active.id, null)).ok).toBe(true);
  });
});
