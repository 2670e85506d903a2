// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { connectToTeams, expectedHost } from '../../../tab/web/host/teams.ts';
import { localSession } from '../../../tab/web/host/local.ts';

describe('Teams host detection', () => {
  it('gives up at once on a top-level page instead of waiting for the timeout', async () => {
    // A 10-minute timeout: if detection relied on it, the test would hit vitest's 30 s limit.
    expect(await connectToTeams(600_000)).toBeUndefined();
  });

  it('uses its own timeout when a non-Teams page frames the tab', async () => {
    const frame = document.createElement('iframe');
    document.body.appendChild(frame);
    // Pretend to be framed: teams-js then posts to the parent and would wait 60 s for Teams.
    Object.defineProperty(window, 'parent', { value: frame.contentWindow, configurable: true });
    try {
      expect(await connectToTeams(300)).toBeUndefined();
    } finally {
      Object.defineProperty(window, 'parent', { value: window, configurable: true });
    }
  });

  it('forgets a local token once it is about to expire', () => {
    const session = localSession(sessionStorage);
    session.set('t1', new Date(Date.now() + 30_000).toISOString());
    expect(session.token()).toBeUndefined();
    session.set('t2', new Date(Date.now() + 3600_000).toISOString());
    expect(session.token()).toBe('t2');
  });

  it('knows it is in Teams from the manifest\'s ?inTeams=1, and a browser from a top-level page', () => {
    expect(expectedHost('?inTeams=1', true)).toBe('teams');
    expect(expectedHost('?theme=dark&inTeams=1', false)).toBe('teams');
    expect(expectedHost('', true)).toBe('maybe-teams');
    expect(expectedHost('?theme=dark', false)).toBe('browser');
  });

  it('keeps the sign-in in memory where the browser refuses storage to the frame', () => {
    const original = Object.getOwnPropertyDescriptor(window, 'sessionStorage')!;
    // What Chromium does to a third-party frame with storage blocked: the getter throws.
    Object.defineProperty(window, 'sessionStorage', {
      configurable: true,
      get() {
        throw new DOMException("Failed to read the 'sessionStorage' property from 'Window': Access is denied for this document.", 'SecurityError');
      },
    });
    try {
      const session = localSession();
      session.set('t3', new Date(Date.now() + 3600_000).toISOString());
      expect(session.token()).toBe('t3');
      session.clear();
      expect(session.token()).toBeUndefined();
    } finally {
      Object.defineProperty(window, 'sessionStorage', original);
    }
  });
});
