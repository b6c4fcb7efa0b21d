import type { AuditEntry } from '../platform/audit/audit-record';
import type { ChainVerdict } from '../platform/audit/verify-chain';
import type { Organization } from '../platform/organization/organization';
import type { CheckOutcome } from './integrity-checks';

/** The last run of one check in one organisation, replaced by every run. */
export interface IntegrityResult extends CheckOutcome {
  readonly checkedAt: string;
  readonly durationMs: number;
}

/**
 * What the integrity monitor reads and writes of one organisation, as the system: the
 * organisation's settings, whether it has a chart, its audit log's chain, and the monitor's own
 * last results. Balances come from the ledger's figures store and each subledger from its
 * domain's own service (integrity-dependencies.ts). Implemented once over Cosmos
 * (cosmos-integrity-store.ts). Finds answer undefined.
 */
export interface IntegrityStore {
  /** The organisation's document, as its owner (platform/organization) reads it. */
  findOrganization(): Promise<Organization | undefined>;
  /** Whether the chart of accounts has at least one account (one short query). */
  hasAccounts(): Promise<boolean>;
  /** The audit log's hash chain, verified from its first record to its head. */
  verifyAuditChain(): Promise<ChainVerdict>;
  listResults(): Promise<IntegrityResult[]>;
  /**
   * Keeps a check's last result in place of the one before. DocumentChangedError or
   * DocumentExistsError when another run wrote it meanwhile (the service retries).
   */
  keepResult(result: IntegrityResult): Promise<void>;
  /** A record appended to the organisation's audit log, chained to its head. */
  appendAudit(entry: AuditEntry): Promise<void>;
}
