import type { JournalEntry } from '../ledger/journal-entry';
import type { JournalPosting } from '../ledger/journal-store';
import type { TenantContext } from '../platform/actor';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { Change, Stored } from '../platform/data/stored-document';
import type { EmailToSend } from '../platform/email/email-message';
import type { OutboxTicket } from '../platform/outbox/outbox-record';
import type { CompanyBankSettings } from './bank-settings';
import type { PaymentApplication } from './payables-port';
import type { PaymentRun, RunChunk, RunPayment } from './payment-run';
import type { Reservation } from './run-reservations';

/*
 * What payment runs need from storage, for one organisation as one caller (a member, or the
 * run's own system actor on the queue) sees it; implemented once over Cosmos
 * (cosmos-run-store.ts, with the postings in cosmos-run-postings-store.ts). Errors: finds answer
 * undefined; `ConflictError` (as `DocumentExistsError`) when an id is taken (a bill reserved by
 * another run, a fixed-id record written by another delivery) or the audit chain moved;
 * `PreconditionFailedError` (as `DocumentChangedError`) when a document changed since it was read.
 * Both are lost races: the services retry them with `retryOnConflict` or read the run again.
 */

export interface RunDocuments {
  findRun(id: string): Promise<Stored<PaymentRun> | undefined>;
  /** Newest first. */
  listRuns(): Promise<Stored<PaymentRun>[]>;
  /** The run alone, before its reservations. ConflictError when the id is taken. */
  createRun(id: string, run: PaymentRun): Promise<void>;
  /** Replaced under its ETag, with its audit record in the same transaction when given. */
  saveRun(change: Change<PaymentRun>, audit?: AuditEntry): Promise<void>;
  /** The proposal's chunk documents created, the run replaced and the audit record, in one transaction. */
  completeProposal(
    run: Change<PaymentRun>,
    chunks: readonly (readonly RunPayment[])[],
    audit: AuditEntry,
  ): Promise<void>;
  /** The run's chunks in proposal order. */
  readChunks(runId: string): Promise<Stored<RunChunk>[]>;
  findChunk(runId: string, index: number): Promise<Stored<RunChunk> | undefined>;
  /** Chunks and run replaced with the audit record, in one transaction. */
  editRun(run: Change<PaymentRun>, chunks: readonly Change<RunChunk>[], audit: AuditEntry): Promise<void>;
  saveChunk(change: Change<RunChunk>): Promise<void>;
}

export interface ReservationDocuments {
  /** Every reservation of the organisation, held or released. */
  listReservations(): Promise<Stored<Reservation>[]>;
  /**
   * Reserves these bills (at most 100) for `runId` in one transaction: a new reservation, or a
   * released one taken over under its ETag. ConflictError or PreconditionFailedError when another
   * run reserved one meanwhile: nothing written.
   */
  reserve(
    runId: string,
    bills: readonly { readonly billId: string; readonly existing?: Stored<Reservation> }[],
  ): Promise<void>;
  /** What `runId` still holds, of these bills when given. */
  heldBy(runId: string, billIds?: readonly string[]): Promise<Stored<Reservation>[]>;
  /** Released in one transaction (at most 100). PreconditionFailedError when one changed meanwhile. */
  release(reservations: readonly Stored<Reservation>[]): Promise<void>;
}

export interface BankSettingsDocuments {
  findBankSettings(): Promise<Stored<CompanyBankSettings> | undefined>;
  /** Created or replaced under its ETag, with the audit record, in one transaction. */
  saveBankSettings(
    current: Stored<CompanyBankSettings> | undefined,
    next: CompanyBankSettings,
    audit: AuditEntry,
  ): Promise<void>;
}

/** A remittance email under its fixed outbox id. */
export interface Remittance {
  readonly outboxId: string;
  readonly email: EmailToSend;
}

/** The return of one bill's payment, as the run records it on the bill. */
export interface BillReturn {
  readonly billId: string;
  readonly paymentId: string;
  readonly returned: { readonly date: string; readonly reason: string };
}

export interface RunPostings {
  /** A payment's or a return's entry, when it was posted. */
  findEntry(id: string): Promise<Stored<JournalEntry> | undefined>;
  /** The AP control account payables posts bills to. ConflictError when none is set. */
  apControlAccountId(): Promise<string>;
  /**
   * Posts the entry through the organisation's posting lane with these bills' payments applied in
   * the same batch (bills already paid by this payment left out), grouped with concurrent posts.
   * ConflictError, PreconditionFailedError or ValidationError as the lane and payables raise them.
   */
  postPayments(posting: JournalPosting, bills: readonly PaymentApplication[]): Promise<void>;
  /** These bills' payments applied in one transaction (at most 45), those already applied left out. */
  applyPayments(bills: readonly PaymentApplication[]): Promise<void>;
  /** The reversal posted the same way with these payments returned (never paid or already returned: left out). */
  postReturns(posting: JournalPosting, bills: readonly BillReturn[]): Promise<void>;
  /** These payments returned in one transaction (at most 45), those not paid or already returned left out. */
  applyReturns(bills: readonly BillReturn[]): Promise<void>;
  /** Stages the emails not staged before (by outbox id) in one transaction; the tickets to dispatch. */
  stageRemittances(remittances: readonly Remittance[]): Promise<OutboxTicket[]>;
}

/** The payment-run store of one organisation, for one caller. */
export interface RunStore extends RunDocuments, ReservationDocuments, BankSettingsDocuments, RunPostings {}

/** A run worked on by its own system actor on the queue: the context its payables calls take, and its store. */
export interface RunExecution {
  readonly context: TenantContext;
  readonly store: RunStore;
}
