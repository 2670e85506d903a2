import { toThemeName, type TabHost, type ThemeName } from './types.ts';

const STORAGE_KEY = 'shifts-connector.tab.localToken';

/** Local-mode token holder: set by the sign-in form, kept for this browser tab only. */
export interface LocalSession {
  token(): string | undefined;
  set(token: string, expiresAt: string): void;
  clear(): void;
}

/**
 * The browser's session storage, or a memory stand-in where reading it throws (storage refused
 * to framed third-party pages, private windows, policies): the token then lasts as long as the
 * page. Only called once the host is known, never before.
 */
export function sessionStorageOrMemory(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    const storage = globalThis.sessionStorage;
    storage.getItem(STORAGE_KEY);
    return storage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => void memory.set(k, v),
      removeItem: (k) => void memory.delete(k),
    };
  }
}

export function localSession(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined = sessionStorageOrMemory()): LocalSession {
  return {
    token() {
      const raw = storage?.getItem(STORAGE_KEY);
      if (!raw) return undefined;
      const { token, expiresAt } = JSON.parse(raw) as { token: string; expiresAt: string };
      // A minute of margin so a request never leaves with a token about to expire.
      return Date.parse(expiresAt) - 60_000 > Date.now() ? token : undefined;
    },
    set(token, expiresAt) {
      storage?.setItem(STORAGE_KEY, JSON.stringify({ token, expiresAt }));
    },
    clear() {
      storage?.removeItem(STORAGE_KEY);
    },
  };
}

/**
 * The host outside Teams. The theme comes from `?theme=` (default, dark, contrast) so every
 * Teams theme can be checked in a browser, else from the system's colour scheme.
 */
export function localHost(session: LocalSession, search = globalThis.location?.search ?? ''): TabHost {
  const asked = new URLSearchParams(search).get('theme') ?? undefined;
  const prefersDark = globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  const theme: ThemeName = asked ? toThemeName(asked) : prefersDark ? 'dark' : 'default';
  return {
    kind: 'local',
    theme,
    onThemeChange() {
      // Outside Teams nothing pushes theme changes; a reload with ?theme= switches.
    },
    getToken() {
      const token = session.token();
      return token ? Promise.resolve(token) : Promise.reject(new Error('Not signed in.'));
    },
  };
}
