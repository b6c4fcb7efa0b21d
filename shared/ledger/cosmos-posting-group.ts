import type { Stored } from '../platform/data/stored-document';
import type { JournalEntry } from './journal-entry';
import type { PostingRequest } from './cosmos-posting-writes';
import { accountMonthOperations } from './account-months';

/** A post waiting in its organisation's lane (cosmos-posting-lane.ts), with what it adds to a batch. */
export interface Pending extends PostingRequest {
  readonly operations: number;
  readonly bytes: number;
  resolve(entry: Stored<JournalEntry>): void;
  reject(error: unknown): void;
}

export type Owner =
  | 'counter'
  | { month: string }
  | { accountId: string }
  | { accountMonth: string }
  | { documentCounter: string }
  | { entry: Pending };

export const maxOperations = 100;
/** Cosmos refuses batches over 2 MB; documents carry metadata on top of what is counted here. */
export const maxBytes = 1_500_000;

export const accountIdsOf = (entries: readonly Pending[]) => [
  ...new Set(entries.flatMap((p) => p.entry.lines.map((l) => l.accountId))),
];
export const monthsOf = (entries: readonly Pending[]) => [...new Set(entries.map((p) => p.entry.date.slice(0, 7)))];
export const countersOf = (entries: readonly Pending[]) => [
  ...new Set(entries.flatMap((p) => (p.numbered ? [p.numbered.counter] : []))),
];

/** Operations one batch of these entries takes: the counter and the entries' own, their months, accounts and running balances. */
export const groupOperations = (entries: readonly Pending[]) =>
  2 +
  monthsOf(entries).length +
  accountIdsOf(entries).length +
  countersOf(entries).length +
  accountMonthOperations(entries.map((p) => p.entry)) +
  entries.reduce((n, p) => n + p.operations, 0);
