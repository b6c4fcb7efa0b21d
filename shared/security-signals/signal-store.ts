import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { AccountStatistics } from './posting-statistics';
import type { Thresholds } from './thresholds';

export const signalKinds = [
  'rapid-actions',
  'not-found-probing',
  'new-address-sensitive-change',
  'outlier-posting',
] as const;
export type SignalKind = (typeof signalKinds)[number];

/** One raised signal, as kept in the organisation's partition and listed for its admins. */
export interface SecuritySignal {
  readonly kind: SignalKind;
  /** Whose behaviour raised it (for an outlier posting, who posted it). */
  readonly memberId: string;
  readonly detectedAt: string;
  readonly summary: string;
  readonly details: Readonly<Record<string, string | number>>;
}

export interface ThresholdsDocument {
  readonly thresholds: Thresholds;
}

export interface SignalPage {
  readonly items: ReadonlyArray<Stored<SecuritySignal>>;
  readonly continuationToken?: string;
}

/** How far postings have been reviewed, and each account's amounts so far. */
export interface PostingStatistics {
  readonly reviewedThrough: number;
  readonly accounts: Readonly<Record<string, AccountStatistics>>;
}

/** What the outlier review reads of a posted journal entry. */
export interface PostedEntry {
  readonly id: string;
  readonly number: number;
  readonly postedBy: string;
  readonly currency: string;
  readonly reversalOf: string | null;
  readonly closing: boolean;
  readonly lines: ReadonlyArray<{ readonly accountId: string; readonly amountMinor: string }>;
}

/** A past sign-in of a member, newest first. */
export interface SignInAddress {
  readonly at: string;
  readonly ip: string | null;
}

/**
 * What security signals need from storage, for one organisation. Writes that carry an audit
 * entry commit it in the same transaction; each may throw PreconditionFailedError or
 * ConflictError when a concurrent write got there first (the caller retries).
 */
export interface SignalStore {
  readThresholds(): Promise<Stored<ThresholdsDocument> | undefined>;
  writeThresholds(current: Stored<ThresholdsDocument> | undefined, next: Thresholds, audit: AuditEntry): Promise<void>;
  /**
   * Adds one to the count under `key` in the fixed window of `windowSeconds` holding now, and
   * returns the new count with the window's start (epoch seconds); concurrent additions are never lost.
   */
  countInWindow(key: string, windowSeconds: number): Promise<{ readonly count: number; readonly windowStart: number }>;
  /** The count kept under `key` in the window starting at `windowStart` (0 when there is none). */
  countOf(key: string, windowSeconds: number, windowStart: number): Promise<number>;
  hasSignal(id: string): Promise<boolean>;
  /** Creates the signal under `id` with its audit record; ConflictError when it already exists. */
  recordSignal(id: string, signal: SecuritySignal, audit: AuditEntry): Promise<void>;
  listSignals(
    filter: { readonly kind?: SignalKind },
    page: { readonly continuationToken?: string },
  ): Promise<SignalPage>;
  readPostingStatistics(): Promise<Stored<PostingStatistics> | undefined>;
  writePostingStatistics(current: Stored<PostingStatistics> | undefined, next: PostingStatistics): Promise<void>;
  /** Posted entries numbered after `number`, in number order, at most `limit`. */
  postedEntriesAfter(number: number, limit: number): Promise<PostedEntry[]>;
  /** The member's successful sign-ins, newest first. */
  recentSignIns(memberId: string, limit: number): Promise<SignInAddress[]>;
}
