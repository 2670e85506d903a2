/**
 * The tab API's contracts: one module per endpoint, imported by the server routes and by the
 * React client alike, so request and response shapes exist exactly once.
 */
export * from './common.ts';
export * from './session.ts';
export * from './me.ts';
export * from './status.ts';
export * from './sync.ts';
export * from './failures.ts';
export * from './rejected.ts';
export * from './reasons.ts';
