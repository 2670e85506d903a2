import { randomUUID } from 'node:crypto';
import type { WfiResponseItem } from './schemas.ts';

/** A success item. Shifts needs a non-null eTag on success; a fresh id stands in when none is known. */
export function approvedItem(id: string, eTag: string | null, data: string[] | null = null): WfiResponseItem {
  return { id, status: 200, body: { eTag: eTag ?? randomUUID(), error: null, data } };
}

/** A failure item; `message` is shown to the person in Shifts as is. */
export function rejectedItem(id: string, status: number, code: string, message: string): WfiResponseItem {
  return { id, status, body: { eTag: null, error: { code, message }, data: null } };
}

/** Messages Shifts shows; kept in one place so tests and docs quote the same sentences. */
export const MESSAGES = {
  unreachable: 'Could not reach the workforce management system',
  timeout: 'The workforce management system did not answer in time. Please try again.',
  expired: 'This change arrived after it expired. Please try again.',
  oneWay: "This team's schedule is managed in the workforce management system, so it can't be changed in Shifts. Please ask your manager to make this change there.",
  teamNotConnected: 'This team is not connected to the workforce management system.',
  stillProcessing: 'This change is still being processed. Please try again in a moment.',
  invalidItem: 'This change is not in the expected format.',
  connectorError: 'The change could not be processed right now. Please try again.',
} as const;
