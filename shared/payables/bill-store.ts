import type { JournalEntry } from '../ledger/journal-entry';
import type { JournalPosting } from '../ledger/journal-store';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { Bill, BillNumberIndex } from './bill';
import type { BillPayment, PaymentApplication } from './bill-payments';
import type { Change } from '../platform/data/stored-document';
import type { CreditApplication } from './vendor-credits';

/** A vendor's bill number claimed or freed: its index document created (no `current`) or replaced. */
export interface BillNumberWrite {
  readonly id: string;
  readonly current?: Stored<BillNumberIndex>;
  readonly next: BillNumberIndex;
}

export interface BillPageFilter {
  readonly kind?: Bill['kind'];
  readonly status?: Bill['status'];
  readonly vendorId?: string;
  readonly pageSize: number;
  readonly continuationToken?: string;
}

/** What the aging reads: the bills owed on a date, and the payments and credit applications made by then. */
export interface AgingDocuments {
  readonly bills: Stored<Bill>[];
  readonly payments: Stored<BillPayment>[];
  readonly applications: Stored<CreditApplication>[];
}

/**
 * Bills and vendor credits as one caller sees them: a bill is in a restricted member's reach
 * only when every line is, out of reach it is not found, and writing one is refused with
 * ForbiddenError. Finds answer undefined; writes raise PreconditionFailedError
 * (DocumentChangedError) when a document changed since it was read and ConflictError
 * (DocumentExistsError) when an id is taken, with nothing written. Postings go through the
 * organisation's group-commit lane in the caller's ledger reach, the bill's writes in the same
 * batch as the entry: they raise what posting raises (JournalStore.post).
 */
export interface BillStore {
  findBill(id: string): Promise<Stored<Bill> | undefined>;
  /** Latest bill date first, a page at a time. */
  listBills(filter: BillPageFilter): Promise<{ items: Stored<Bill>[]; continuationToken?: string }>;
  /** Posted bills (not credits) with something left to pay, oldest due first. */
  payableBills(filter: { readonly dueBy?: string; readonly vendorIds?: readonly string[] }): Promise<Stored<Bill>[]>;
  findBillNumber(id: string): Promise<Stored<BillNumberIndex> | undefined>;
  /**
   * A new bill with its number's index, marking its vendor as having bills only while the vendor
   * is not deleted (a delete that raced it fails on the vendor's ETag), in one transaction.
   */
  addBill(id: string, bill: Bill, number: BillNumberWrite | undefined): Promise<void>;
  /** The bill replaced under its ETag, with its numbers' indexes and audit record when given, in one transaction. */
  saveBill(
    change: Change<Bill>,
    options: { readonly numbers?: readonly BillNumberWrite[]; readonly audit?: AuditEntry },
  ): Promise<void>;
  /** Part of a credit set against a bill: both replaced under their ETags, the application and its audit record, one transaction. */
  applyCredit(
    bill: Change<Bill>,
    credit: Change<Bill>,
    application: { readonly id: string; readonly record: CreditApplication },
    audit: AuditEntry,
  ): Promise<void>;
  /** A journal entry in the caller's ledger reach. */
  findJournalEntry(id: string): Promise<Stored<JournalEntry> | undefined>;
  /**
   * Posts `posting` with the bill's change (and its numbers' indexes) in the entry's batch: the
   * bill is approved or voided with its entry, or not at all. A `reverses` posting links the
   * original to it in the same batch (ConflictError when it was reversed already).
   */
  postBill(change: Change<Bill>, posting: JournalPosting, numbers?: readonly BillNumberWrite[]): Promise<void>;
  /**
   * Applies a payment to its bill with the posting `post` builds, in one batch; `applied` (and
   * nothing posted) when this payment id is on the bill already. NotFoundError for a bill out of
   * reach; ValidationError or ConflictError for a payment the bill refuses (bill-payments.ts).
   */
  payBill(payment: PaymentApplication, post: () => Promise<JournalPosting>): Promise<'applied' | 'posted'>;
  /** What the aging needs on `asOf`, read in full (large pages: each is a round trip). */
  agingDocuments(asOf: string): Promise<AgingDocuments>;
}
