import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { Organization } from '../platform/organization/organization';
import type { Account } from './accounts';

/** A new account and the id it is stored under. */
export interface AccountToCreate {
  readonly id: string;
  readonly account: Account;
}

/**
 * What the chart of accounts needs from storage, for one organisation as one caller sees it: a
 * member restricted to some facilities or divisions finds only the accounts in reach and writes
 * only those (rules in ledger-reach.ts). Implemented once over Cosmos (cosmos-ledger-store.ts, on
 * LedgerRepository). Errors: finds answer undefined (an account out of reach too);
 * `ForbiddenError` for a write outside the caller's reach; `ConflictError` when an id or code is
 * taken; `PreconditionFailedError` when a document changed since it was read (the service retries
 * with `retryOnConflict`).
 */
export interface ChartStore {
  /** ForbiddenError for a restricted member: `action` speaks for every facility at once. */
  requireWholeOrganisation(action: string): void;
  findAccount(id: string): Promise<Stored<Account> | undefined>;
  /** The accounts in reach, deleted ones included, in code order. */
  listAccounts(): Promise<Stored<Account>[]>;
  /**
   * The accounts with their code indexes (and `audit`, when given) in one transaction: at most
   * 45 accounts. ConflictError naming the `account-code` index when a code is taken.
   */
  createAccounts(accounts: readonly AccountToCreate[], audit?: AuditEntry): Promise<void>;
  /** PreconditionFailedError when the account changed since `current` was read; ForbiddenError out of reach. */
  saveAccount(current: Stored<Account>, next: Account): Promise<Stored<Account>>;
  /** The organisation's ledger settings with their audit record, under its ETag, retried whole on a race. */
  changeLedgerSettings(changes: Partial<Organization>, audit: AuditEntry): Promise<void>;
}
