import type { SsoFailureReason } from './sso.ts';

/** The Teams theme names the tab follows (`app.getContext().app.theme`). */
export type ThemeName = 'default' | 'dark' | 'contrast';

/**
 * Where the tab runs: inside Teams (SSO) or in a plain browser against the local emulator.
 * The rest of the UI only sees this interface.
 */
export interface TabHost {
  kind: 'teams' | 'local';
  theme: ThemeName;
  /** Subscribes to theme changes (Teams lets users switch while the tab is open). */
  onThemeChange(listener: (theme: ThemeName) => void): void;
  /** A bearer token for `/api/tab/*`; local mode resolves after the user has signed in. */
  getToken(): Promise<string>;
  /**
   * Teams only: the consent / sign-in popup (`authentication.authenticate` against Entra),
   * offered when SSO failed. Resolves when the user finished; rejects with why not.
   */
  signIn?(reason: SsoFailureReason): Promise<void>;
}

/** Maps whatever Teams reports to one of the three themes we style for. */
export function toThemeName(value: string | undefined): ThemeName {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}
