import type { Item } from '../items/item-store';
import type { Account } from '../ledger/accounts';
import type { Books } from '../ledger/books';
import type { JournalPosting } from '../ledger/journal-store';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { Organization, ReceivablesSettings } from '../platform/organization/organization';
import type { OutboxTicket } from '../platform/outbox/outbox-record';
import type { Customer } from './customers';
import type { Invoice, InvoiceStatus } from './invoice';
import type { StagedEmail } from './receivables-store';

/**
 * The organisation, the chart and items an invoice names, customers and invoices (receivables-store.ts
 * says what a caller sees). Errors of the writes: `ConflictError` (`DocumentExistsError`) when an id
 * is taken; `PreconditionFailedError` (`DocumentChangedError`) when a document changed since it was
 * read (the service retries with `retryOnConflict`); `ForbiddenError` for a document outside the
 * caller's facilities or divisions.
 */
export interface InvoiceStore {
  /** The organisation as this request knows it (its name, books, receivables settings). ConflictError without a profile. */
  readOrganization(): Promise<Stored<Organization>>;
  /** The organisation's ledger settings (its base currency). ConflictError without a profile. */
  readBooks(): Promise<Books>;
  /** ForbiddenError for a member restricted to some facilities or divisions: `action` speaks for all of them. */
  requireWholeOrganisation(action: string): void;
  /**
   * The organisation's receivables settings replaced under its ETag with `audit` in one
   * transaction, retried whole when someone changed the organisation meanwhile.
   */
  changeSettings(settings: ReceivablesSettings, audit: AuditEntry): Promise<void>;
  findAccount(id: string): Promise<Stored<Account> | undefined>;
  findItem(id: string): Promise<Stored<Item> | undefined>;
  /** The addresses among these on the organisation's suppression list (after a bounce or complaint). */
  suppressedAmong(addresses: readonly string[]): Promise<string[]>;

  findCustomer(id: string): Promise<Stored<Customer> | undefined>;
  /** The customers not deleted, by name. */
  listCustomers(): Promise<Stored<Customer>[]>;
  /** A new customer with its audit record, in one transaction. */
  createCustomer(id: string, customer: Customer, audit: AuditEntry): Promise<Stored<Customer>>;
  /** A customer changed (or soft-deleted) with its audit record, in one transaction. */
  saveCustomer(current: Stored<Customer>, next: Customer, audit: AuditEntry): Promise<Stored<Customer>>;
  /** Whether any issued invoice of the customer is still open. */
  hasOpenInvoices(customerId: string): Promise<boolean>;

  findInvoice(id: string): Promise<Stored<Invoice> | undefined>;
  listInvoices(filter: { readonly customerId?: string; readonly status?: InvoiceStatus }): Promise<Stored<Invoice>[]>;
  createInvoice(id: string, draft: Invoice): Promise<Stored<Invoice>>;
  saveInvoice(current: Stored<Invoice>, next: Invoice): Promise<Stored<Invoice>>;
  /**
   * Issues a draft in one batch of the posting lane: the entry with its audit record, the
   * invoice's next number from the organisation's gap-free invoice counter and the invoice as
   * `issued` gives it for that number. The errors of `JournalStore.post`; `PreconditionFailedError`
   * when the draft changed since it was read (the service plans again).
   */
  issueInvoice(current: Stored<Invoice>, issued: (number: number) => Invoice, posting: JournalPosting): Promise<void>;
  /** Voids in one batch of the posting lane: the reversing entry (linked to `posting.reverses`) and the invoice. */
  voidInvoice(current: Stored<Invoice>, voided: Invoice, posting: JournalPosting): Promise<void>;
  /**
   * Records where an issued invoice went (its document, who was emailed) with its email staged
   * in the outbox, in one transaction; the ticket to dispatch after it. PreconditionFailedError on a race.
   */
  recordInvoiceDelivery(
    current: Stored<Invoice>,
    next: Invoice,
    email: StagedEmail | undefined,
  ): Promise<OutboxTicket | undefined>;
}
