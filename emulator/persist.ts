import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SCHEDULE_COLLECTIONS, emptyCollections, type EmulatorState, type GraphObject } from './state.ts';

/** On-disk form of the state (Maps as arrays). Version it so a future change can migrate. */
interface Saved {
  version: 1;
  users: Array<[string, EmulatorState['users'] extends Map<string, infer U> ? U : never]>;
  teams: Array<{
    id: string;
    displayName: string;
    description: string;
    ownerIds: string[];
    memberIds: string[];
    schedule: { props: GraphObject; collections: Record<string, GraphObject[]> } | null;
  }>;
  integrations: Array<{ props: GraphObject; secret: string }>;
  events: Array<[string, GraphObject[]]>;
}

/**
 * Writes the state to `path` (mode 0600: it holds integration secrets), atomically via a
 * temporary file, so local mode keeps its Shifts data across restarts like a tenant would.
 */
export function saveState(path: string, state: EmulatorState): void {
  const saved: Saved = {
    version: 1,
    users: [...state.users.entries()],
    teams: [...state.teams.values()].map((t) => ({
      id: t.id,
      displayName: t.displayName,
      description: t.description,
      ownerIds: t.ownerIds,
      memberIds: t.memberIds,
      schedule: t.schedule
        ? {
            props: t.schedule.props,
            collections: Object.fromEntries(SCHEDULE_COLLECTIONS.map((c) => [c, [...t.schedule!.collections[c].values()]])),
          }
        : null,
    })),
    integrations: [...state.integrations.values()],
    events: [...state.events.entries()].map(([user, m]) => [user, [...m.values()]]),
  };
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(saved), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Loads a saved state into `state`; false when there is no file. Throws on a corrupt file. */
export function loadState(path: string, state: EmulatorState): boolean {
  if (!existsSync(path)) return false;
  const saved = JSON.parse(readFileSync(path, 'utf8')) as Saved;
  if (saved.version !== 1) throw new Error(`${path}: unsupported emulator state version ${String(saved.version)}`);
  // Files written before users had `admin` hold no administrators.
  for (const [id, u] of saved.users) state.users.set(id, { ...u, admin: u.admin === true });
  for (const t of saved.teams) {
    let schedule;
    if (t.schedule) {
      const collections = emptyCollections();
      for (const c of SCHEDULE_COLLECTIONS) for (const e of t.schedule.collections[c] ?? []) collections[c].set(String(e.id), e);
      schedule = { props: t.schedule.props, collections };
    }
    state.teams.set(t.id, { ...t, schedule });
  }
  for (const w of saved.integrations) state.integrations.set(String(w.props.id), w);
  for (const [user, events] of saved.events) state.events.set(user, new Map(events.map((e) => [String(e.id), e])));
  return true;
}
