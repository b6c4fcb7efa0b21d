import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { Organization } from '../platform/organization/organization';
import type { OutboxTicket } from '../platform/outbox/outbox-record';
import type { Account } from './accounts';
import type { AccountMonth } from './account-months';
import type { Books } from './books';
import type { DimensionBalances } from './dimension-balances';
import type { JournalEntry } from './journal-entry';
import type { StoredPeriod } from './period-postings';
import type { CloseScheduleEntry } from './close-schedule';
import type { ReopenRequest } from './period-reopen';
import type { Period } from './schemas';

/** A posted entry as figures see it: only the lines in reach; `whole` when none was left out. */
export type EntryInFigures = Stored<JournalEntry> & { readonly whole: boolean };

/** Posted entries of one account, a page at a time, with the database's cursor for the next. */
export interface EntryPage {
  readonly items: EntryInFigures[];
  readonly continuationToken?: string;
}

/** Dates (YYYY-MM-DD) from and to, both included; no `from` means from the start of the books. */
export interface DateRange {
  readonly from?: string;
  readonly to: string;
}

/**
 * What reports and checks read, for one organisation as one caller sees it: a member restricted
 * to some facilities or divisions finds only the accounts in reach, snapshot rows and running
 * balances of places in reach, and entries carrying only their lines in reach (ledger-reach.ts).
 * Implemented once over Cosmos (cosmos-figures-store.ts, on LedgerRepository). Finds answer
 * undefined; `ConflictError` when the organisation keeps no books yet (no profile, currency or
 * fiscal year); `DependencyUnavailableError` or `TooManyRequestsError` when Cosmos is.
 */
export interface FiguresStore {
  /** The organisation's ledger settings as the request knows them. */
  readBooks(): Promise<Books>;
  /** The accounts in reach, deleted ones included, in code order. */
  listAccounts(): Promise<Stored<Account>[]>;
  findPeriod(month: string): Promise<Stored<StoredPeriod> | undefined>;
  /** Periods in month order: all, only closed or locked ones, after a month, up to a month. */
  listPeriods(filter?: {
    readonly closed?: boolean;
    readonly after?: string;
    readonly through?: string;
  }): Promise<Stored<StoredPeriod>[]>;
  /** The latest closed (or locked) month, on or before `onOrBefore` when given: one query. */
  latestClosedPeriod(onOrBefore?: string): Promise<Stored<Period> | undefined>;
  /** A snapshot's rows in reach (balance-snapshots.ts); undefined when that close wrote none. */
  readSnapshot(month: string, version: number): Promise<DimensionBalances | undefined>;
  /** The running-balance documents (account-months.ts) of the months, every account in reach. */
  accountMonths(months: readonly string[]): Promise<AccountMonth[]>;
  /** Posted entries dated in any of the ranges, with any line in reach: one query. */
  postedEntries(ranges: readonly DateRange[]): Promise<EntryInFigures[]>;
  /** Posted year-end closing entries (and their reversals) dated in the range. */
  closingEntries(range: Required<DateRange>): Promise<EntryInFigures[]>;
  /** Posted entries with a line on the account dated in the range, in date order, a page at a time. */
  accountEntries(
    accountId: string,
    range: Required<DateRange>,
    page: { readonly size: number; readonly continuationToken?: string },
  ): Promise<EntryPage>;
}

/** A month's close as one write: the period, its snapshot, a year end's closing entry, the reports' start, the audit. */
export interface MonthClose {
  /** The month's period as read (replaced under its ETag), or none yet (created). */
  readonly current: Stored<StoredPeriod> | undefined;
  readonly closed: StoredPeriod & { readonly snapshotVersion: number };
  /** The closing balances, written as the snapshot of `closed.snapshotVersion`. */
  readonly balances: DimensionBalances;
  readonly closingEntry: ClosingEntry | null;
  readonly audit: AuditEntry;
}

/** An entry the store numbers with the organisation's next entry number as it writes it. */
export interface EntryToNumber {
  readonly id: string;
  readonly entry: Omit<JournalEntry, 'number'>;
}

/** A fiscal year end's closing entry, and the retained-earnings account it is the first posting of (if it is). */
export interface ClosingEntry extends EntryToNumber {
  readonly firstPostingOf: Stored<Account> | null;
}

/** A change of a closed month: reopen (with a closing entry's reversal and an approved request) or lock. */
export interface PeriodChange {
  readonly current: Stored<Period>;
  readonly next: Period;
  /** The reversal of the month's closing entry: numbered, and linked to the entry it reverses. */
  readonly reversal: (EntryToNumber & { readonly reversalOf: string }) | null;
  /** The reopen request the change approves, as read, and as it becomes. */
  readonly request: { readonly current: Stored<ReopenRequest>; readonly next: ReopenRequest } | null;
  readonly audit: AuditEntry;
}

/**
 * What periods need from storage beyond the figures: closing, reopening and locking months, and
 * the requests to reopen one under dual control. Implemented once over Cosmos
 * (cosmos-period-store.ts, on LedgerRepository). Each write is one transaction with its audit
 * record. Errors: `ForbiddenError` for a restricted member (a month closes for every facility at
 * once); `PreconditionFailedError` when a document read for the write changed meanwhile (a post
 * counted into the month, the entry counter moved) and `ConflictError` when one was created
 * meanwhile: nothing is written, the service retries with `retryOnConflict`.
 */
export interface PeriodStore extends FiguresStore {
  /** ForbiddenError for a restricted member: `action` speaks for every facility at once. */
  requireWholeOrganisation(action: string): void;
  /** The organisation document (its close day, lockdown, name), as the request knows it. */
  findOrganization(): Promise<Stored<Organization> | undefined>;
  /** NotFoundError when there is no such entry (in reach). */
  getEntry(id: string): Promise<Stored<JournalEntry>>;
  findReopenRequest(month: string): Promise<Stored<ReopenRequest> | undefined>;
  /**
   * Writes the snapshot's parts first (together they may pass a batch's 2 MB), then in one
   * transaction the closing entry with its number, the period, the snapshot's header, the
   * reports' outbox record and the audit record. A failed close leaves parts nobody names.
   * Returns the outbox ticket to dispatch once committed.
   */
  closeMonth(close: MonthClose): Promise<OutboxTicket>;
  changeClosedPeriod(change: PeriodChange): Promise<void>;
  /** The request created (or replaced under its ETag) with its audit record. */
  askToReopen(current: Stored<ReopenRequest> | undefined, next: ReopenRequest, audit: AuditEntry): Promise<void>;
}

/**
 * The close schedule (close-schedule.ts): one entry per organisation in a partition of its own,
 * which the daily timer queries for the due ones. Implemented once over Cosmos
 * (cosmos-close-schedule-store.ts). Finds answer undefined; `ConflictError` when an
 * organisation's entry already exists; `PreconditionFailedError` when an entry changed since it
 * was read (the service retries with `retryOnConflict`).
 */
export interface CloseScheduleStore {
  findEntry(tenantId: string): Promise<Stored<CloseScheduleEntry> | undefined>;
  createEntry(entry: CloseScheduleEntry): Promise<void>;
  saveEntry(current: Stored<CloseScheduleEntry>, next: CloseScheduleEntry): Promise<void>;
  /** Entries due on or before `today`, a page of at most 500 at a time. */
  dueEntries(today: string, continuationToken?: string): Promise<ScheduleEntryPage>;
  /** Every organisation's entry (the integrity monitor's round). */
  listEntries(): Promise<Stored<CloseScheduleEntry>[]>;
}

export interface ScheduleEntryPage {
  readonly items: Stored<CloseScheduleEntry>[];
  readonly continuationToken?: string;
}
