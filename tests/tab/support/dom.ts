import { configure } from '@testing-library/react';

/**
 * Browser APIs jsdom does not implement but Fluent UI calls: MessageBar measures itself with
 * ResizeObserver. Layout does not exist in jsdom, so the observer has nothing to report.
 */
class NoLayoutResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoLayoutResizeObserver;
if (typeof window !== 'undefined') window.ResizeObserver ??= NoLayoutResizeObserver;

// Each view waits on a real server sharing two cores with other suites: give answers time.
configure({ asyncUtilTimeout: 8000 });
