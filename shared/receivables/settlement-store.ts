import type { JournalPosting } from '../ledger/journal-store';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { CreditNote } from './credit-notes';
import type { Application, Credit } from './credits';
import type { Invoice } from './invoice';
import type { Receipt } from './receipts';
import type { Settlement } from './receivables-store';
import type { CreditSource } from './settlement-schemas';

/** The documents the position as of a date is read from (ar-position.ts), each dated on or before it. */
export interface PositionDocuments {
  /** Issued and void invoices issued on or before the date. */
  readonly invoices: Stored<Invoice>[];
  readonly applications: Stored<Application>[];
  readonly receipts: Stored<Credit>[];
  readonly creditNotes: Stored<Credit>[];
}

/** One customer's documents a statement up to a date reads: every invoice not a draft, receipts and credit notes. */
export interface StatementActivity {
  readonly invoices: Stored<Invoice>[];
  readonly receipts: Stored<Credit>[];
  readonly creditNotes: Stored<CreditNote>[];
}

/**
 * Receipts, credit notes, their applications to invoices and refunds (receivables-store.ts says
 * what a caller sees). The postings go through the ledger's lane with the documents in the same
 * batch and raise what `JournalStore.post` raises, with `PreconditionFailedError` when a credit or
 * an invoice changed since it was read (the service plans again) and `ForbiddenError` for a
 * document outside the caller's reach.
 */
export interface SettlementStore {
  findReceipt(id: string): Promise<Stored<Receipt> | undefined>;
  findCreditNote(id: string): Promise<Stored<CreditNote> | undefined>;
  findCredit(source: CreditSource, id: string): Promise<Stored<Credit> | undefined>;
  /** Oldest first, the customer's only when given. */
  listReceipts(customerId?: string): Promise<Stored<Receipt>[]>;
  listCreditNotes(customerId?: string): Promise<Stored<CreditNote>[]>;
  /** What a receipt or credit note was applied to, oldest first. */
  applicationsOf(sourceId: string): Promise<Stored<Application>[]>;
  /** The customer's, or everyone's, documents as of `asOf`. */
  readPosition(asOf: string, customerId?: string): Promise<PositionDocuments>;
  readStatementActivity(customerId: string, to: string): Promise<StatementActivity>;

  /** Posts a receipt (cash in) with the receipt, its applications and the invoices' new amounts in one batch. */
  recordReceipt(id: string, receipt: Receipt, settlement: Settlement, posting: JournalPosting): Promise<void>;
  /**
   * Posts a credit note numbered from the organisation's gap-free credit-note counter in the same
   * batch, with its applications and the invoices' new amounts.
   */
  issueCreditNote(
    id: string,
    note: Omit<CreditNote, 'number'>,
    settlement: Settlement,
    posting: JournalPosting,
  ): Promise<void>;
  /** Posts a refund (cash out) with the credit's new state in one batch. */
  refundCredit(current: Stored<Credit>, next: Credit, posting: JournalPosting): Promise<void>;
  /** Applies unapplied credit (no posting): the credit, the settlement and the audit record in one transaction. */
  applyCredit(current: Stored<Credit>, next: Credit, settlement: Settlement, audit: AuditEntry): Promise<void>;
}
