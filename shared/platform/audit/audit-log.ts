import type { TenantContext } from '../actor';
import { type TenantRepository, type TenantTransaction } from '../data/tenant-repository';
import { retryOnConflict } from '../data/retry';
import type { AuditEntry } from './audit-record';

export { chainAuditRecord } from './audit-record';

/**
 * Stages an audit record into a transaction. The record gets its sequence number and its link to
 * the previous record when the transaction commits, through the organisation's audit lane
 * (audit-lane.ts): concurrent audited writes of one organisation are chained in one batch instead
 * of racing for the chain head, so the chain never forks and a sequence number is never reused.
 */
export function stageAuditRecord(
  repository: TenantRepository,
  transaction: TenantTransaction,
  context: TenantContext,
  entry: AuditEntry,
  now: Date,
): Promise<void> {
  if (repository.tenantId !== transaction.tenantId)
    return Promise.reject(new Error('an audit record belongs to the organisation of the writes it describes'));
  transaction.audit({ context, entry, at: now });
  return Promise.resolve();
}

/** Appends one record on its own. */
export async function appendAuditRecord(
  repository: TenantRepository,
  context: TenantContext,
  entry: AuditEntry,
  now: () => Date = () => new Date(),
): Promise<void> {
  await retryOnConflict('The audit log', async () => {
    const transaction = repository.transaction();
    await stageAuditRecord(repository, transaction, context, entry, now());
    await transaction.commit();
  });
}
