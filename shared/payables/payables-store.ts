import type { Books } from '../ledger/books';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { PayablesSettings } from '../platform/organization/organization';
import type { BillStore } from './bill-store';
import type { PayablesSettingsView } from './payables-settings';
import type { VendorStore } from './vendor-store';

/** What a payables record needs to know of an account it names. */
export interface AccountSummary {
  readonly accountType: string;
  readonly active: boolean;
  readonly deleted: boolean;
}

/**
 * What payables needs from storage, for one organisation as one caller sees it (vendors and
 * their bank accounts in vendor-store.ts, bills in bill-store.ts), every write attributed to the caller. Implemented
 * once over Cosmos (cosmos-payables-store.ts, on the restricted PayablesRepository).
 */
export interface PayablesStore extends VendorStore, BillStore {
  /** The payables settings, from the request's copy of the organisation. ConflictError when it has no profile. */
  readSettings(): Promise<PayablesSettingsView>;
  /**
   * Changes the payables settings under the organisation's ETag with the audit record `decide`
   * returns, in one transaction; on a race `decide` runs again over a fresh read.
   */
  changeSettings(
    decide: (before: PayablesSettings | undefined) => Promise<{ next: PayablesSettings; audit: AuditEntry }>,
  ): Promise<void>;
  /** ForbiddenError when the caller is restricted to some facilities or divisions: `action` is for everyone's. */
  requireWholeOrganisation(action: string): void;
  findAccount(id: string): Promise<AccountSummary | undefined>;
  /** Whether any bill or credit was ever posted (a void one included). */
  hasPostedBills(): Promise<boolean>;
  /** The organisation's ledger settings (base currency). ConflictError when it keeps no books yet. */
  readBooks(): Promise<Books>;
  /** The kind of one of the organisation's uploaded documents (`bill`, `logo`...); undefined when there is none. */
  documentKind(id: string): Promise<string | undefined>;
  /** The organisation's name, for documents printed under it. */
  organisationName(): Promise<string>;
}
