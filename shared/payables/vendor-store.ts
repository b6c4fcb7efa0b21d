import type { AuditEntry } from '../platform/audit/audit-record';
import type { Change, Stored } from '../platform/data/stored-document';
import type { EmailToSend } from '../platform/email/email-message';
import type { OutboxState, OutboxTicket } from '../platform/outbox/outbox-record';
import type { BankAccountHistory, VendorBankAccount } from './bank-account';
import type { Vendor } from './vendor';

export interface VendorPageFilter {
  readonly search?: string;
  readonly includeInactive: boolean;
  readonly pageSize: number;
  readonly continuationToken?: string;
}

/**
 * One change of a vendor's bank accounts, written in one transaction: a new account, accounts
 * changed (a pending one replaced, an approved one superseded, a prenote recorded), the vendor's
 * pointers to them, and the audit record.
 */
export interface BankAccountChange {
  readonly added?: { readonly id: string; readonly account: VendorBankAccount };
  readonly accounts: readonly Change<VendorBankAccount>[];
  readonly vendor?: Change<Vendor>;
  readonly audit: AuditEntry;
}

/** A purge: the account deleted for good, what stays of it, the vendor's pointers cleared, the audit record. */
export interface BankAccountPurge {
  readonly account: Stored<VendorBankAccount>;
  readonly history: BankAccountHistory;
  readonly vendor?: Change<Vendor>;
  readonly audit: AuditEntry;
}

/**
 * Vendors and their bank accounts as one caller sees them. Vendors are tagged with a facility and
 * division: one out of a restricted member's reach is not found, lists leave it out, and writing
 * one is refused with ForbiddenError. Bank accounts go with their vendor (the services read the
 * vendor first). Finds answer undefined; writes raise PreconditionFailedError
 * (DocumentChangedError) when a document changed since it was read, ConflictError
 * (DocumentExistsError) when an id is taken; nothing is written then.
 */
export interface VendorStore {
  /** Deleted vendors too: whether a deleted one counts is the service's decision. */
  findVendor(id: string): Promise<Stored<Vendor> | undefined>;
  /** Undeleted vendors by name, a page at a time. */
  listVendors(filter: VendorPageFilter): Promise<{ items: Stored<Vendor>[]; continuationToken?: string }>;
  /** The active, undeleted vendors among these ids, by id. */
  activeVendors(ids: readonly string[]): Promise<ReadonlyMap<string, Stored<Vendor>>>;
  /** Vendors' names by id, whoever may see them: a report row needs the name of a vendor the caller cannot open. */
  vendorNames(ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Up to 20 ids of the vendor's bills not settled or voided, whoever may see them. */
  openBillsOf(vendorId: string): Promise<string[]>;
  /** ConflictError when the id is taken; ForbiddenError outside the caller's reach. */
  createVendor(id: string, vendor: Vendor): Promise<Stored<Vendor>>;
  /** The vendor replaced under its ETag, with its audit record when given, in one transaction. */
  saveVendor(change: Change<Vendor>, audit?: AuditEntry): Promise<void>;
  findBankAccount(id: string): Promise<Stored<VendorBankAccount> | undefined>;
  /** A vendor's accounts, or every account with one of these fingerprints (any vendor's): live and purged. */
  findBankAccounts(
    filter: { readonly vendorId: string } | { readonly fingerprints: readonly string[] },
  ): Promise<{ live: Stored<VendorBankAccount>[]; purged: Stored<BankAccountHistory>[] }>;
  /**
   * Queues an email under `outboxId` with its audit record, committed in a transaction of its
   * own (before anything it announces is stored). ValidationError when the email cannot be sent.
   */
  queueEmail(email: EmailToSend, outboxId: string, audit: AuditEntry): Promise<OutboxTicket>;
  /** Where an outbox record stands; undefined when there is none. */
  outboxState(id: string): Promise<OutboxState | undefined>;
  changeBankAccounts(change: BankAccountChange): Promise<void>;
  /** The one hard delete: the account goes, its history record stays (returned). */
  purgeBankAccount(purge: BankAccountPurge): Promise<Stored<BankAccountHistory>>;
}
