import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { Books } from './books';
import type { JournalEntry } from './journal-entry';
import type { JournalImportResult } from './schemas';

/** What an entry's posting says in the audit log (its target is the entry, its details carry the number). */
export interface PostingAudit {
  readonly action: string;
  readonly details?: Record<string, string | number | boolean | null>;
}

/** One entry to post, as the journal services prepare it. */
export interface JournalPosting {
  readonly entryId: string;
  readonly entry: JournalEntry;
  /** The draft being posted, replaced under its ETag; absent when the entry is new. */
  readonly existing?: Stored<JournalEntry>;
  readonly audit: PostingAudit;
  /** A refusal that depends on the organisation's settings (dual control), checked with the batch's reading of them. */
  readonly check?: (books: Books) => void;
  /** The original this entry reverses: its link (`reversal-of-<original>`) is written in the same batch. */
  readonly reverses?: string;
}

/** A client's Idempotency-Key for a creating call, with the request it came with. */
export interface IdempotentCall {
  readonly scope: string;
  readonly key: string;
  readonly request: unknown;
}

/** The record of an import batch: running while its entries post, then done with its result. */
export interface ImportRecord {
  readonly requestHash: string;
  readonly state: 'running' | 'done';
  readonly result: JournalImportResult | null;
}

/** A request to turn dual control off, waiting for a second admin. */
export interface DualControlRequest {
  readonly requestedBy: string;
  readonly state: 'pending' | 'approved' | 'withdrawn';
}

/** What one change of the dual-control setting writes, all in one transaction. */
export interface DualControlChange<R> {
  /** The setting's new value, when this change flips it. */
  readonly dualControl?: boolean;
  /** The request document as it is to be (created, or replaced under its ETag). */
  readonly request?: DualControlRequest;
  readonly audit?: AuditEntry;
  readonly result: R;
}

/**
 * What the journal (drafts, review, posting, reversal, import, dual control) needs from storage,
 * for one organisation as one caller sees it: an entry with a line outside a restricted member's
 * facilities or divisions is not found, and a write with one is refused (ledger-reach.ts). Every
 * write is attributed to the caller. Implemented once over Cosmos (cosmos-journal-store.ts, on
 * LedgerRepository, posting through the organisation's group-commit lane). Errors: finds answer
 * undefined; `ForbiddenError` for a write outside the caller's reach (`ValidationError` for an
 * account out of reach: it reads as unknown); `PreconditionFailedError` when a document changed
 * since it was read (the service retries with `retryOnConflict`); `ConflictError` when an id is
 * taken (`DocumentExistsError`).
 */
export interface JournalStore {
  /** The organisation's ledger settings, from the request's copy of its document. ConflictError when unset. */
  readBooks(): Promise<Books>;
  findEntry(id: string): Promise<Stored<JournalEntry> | undefined>;
  /** The entries in reach (drafts and posted), latest date first, a page at a time. */
  listEntries(page: {
    readonly continuationToken?: string;
    readonly pageSize: number;
  }): Promise<{ items: Stored<JournalEntry>[]; continuationToken?: string }>;
  /** The id of the entry that reverses `entryId`, or null. */
  findReversal(entryId: string): Promise<string | null>;
  /**
   * A new unposted entry, with its audit record when given. With an Idempotency-Key the key's
   * record is in the same transaction: a retry gets the first entry back (ConflictError when the
   * key came with another request).
   */
  addDraft(
    id: string,
    draft: JournalEntry,
    options?: { readonly audit?: AuditEntry; readonly idempotency?: IdempotentCall },
  ): Promise<Stored<JournalEntry>>;
  /** A draft rewritten (edited, submitted), with its audit record when given. PreconditionFailedError on a race. */
  saveDraft(current: Stored<JournalEntry>, next: JournalEntry, audit?: AuditEntry): Promise<Stored<JournalEntry>>;
  /**
   * Posts: the entry becomes immutable with the organisation's next gap-free number, audited in
   * the same batch (grouped with concurrent posts). ValidationError naming every problem (lines,
   * accounts, closed month); ConflictError when the entry id is taken or another reversal
   * exists; PreconditionFailedError when the draft changed since it was read; ContentionError
   * (a retryable 503) when the counter kept changing.
   */
  post(posting: JournalPosting): Promise<Stored<JournalEntry>>;
  /** `post` at most once per Idempotency-Key: a retry gets the first entry back, `replayed`. */
  postOnce(
    call: IdempotentCall,
    posting: JournalPosting,
  ): Promise<{ readonly entry: Stored<JournalEntry>; readonly replayed: boolean }>;
  /** The months among these whose period is closed or locked. */
  closedMonths(months: readonly string[]): Promise<Set<string>>;
  /** Whether anything was ever numbered (posted, closed, imported): the books' settings are fixed from then on. */
  hasNumberedEntries(): Promise<boolean>;
  findImport(id: string): Promise<Stored<ImportRecord> | undefined>;
  /** ConflictError (DocumentExistsError) when the same batch started meanwhile. */
  createImport(id: string, record: ImportRecord): Promise<Stored<ImportRecord>>;
  /** PreconditionFailedError (DocumentChangedError) when another attempt finished it meanwhile. */
  saveImport(current: Stored<ImportRecord>, next: ImportRecord): Promise<void>;
  /**
   * One change of the dual-control setting: `decide` sees the setting and the request to turn
   * it off, and the setting, the request and the audit record are written in one transaction,
   * retried whole when someone changed either meanwhile. ForbiddenError for a restricted member.
   */
  changeDualControl<R>(
    decide: (on: boolean, request: Stored<DualControlRequest> | undefined) => DualControlChange<R>,
  ): Promise<R>;
}
