import { storedUserAgent, type TenantContext } from '../actor';
import { type TenantRepository, type TenantTransaction } from '../data/tenant-repository';
import { retryOnConflict } from '../data/retry';
import {
  auditHeadId,
  auditHeadType,
  auditRecordId,
  auditRecordType,
  genesisHash,
  hashAuditContent,
  type AuditEntry,
  type AuditHead,
  type AuditRecord,
} from './audit-record';

/**
 * The record that follows `previous` in a tenant's chain (the genesis when there is none):
 * the next sequence number and the previous record's hash, hashed with everything it says.
 */
export function chainAuditRecord(
  tenantId: string,
  previous: AuditHead | undefined,
  context: TenantContext,
  entry: AuditEntry,
  now: Date,
): AuditRecord {
  const content = {
    tenantId,
    sequence: (previous?.sequence ?? 0) + 1,
    previousHash: previous?.hash ?? genesisHash,
    timestamp: now.toISOString(),
    actor: { id: context.actor.id, kind: context.actor.kind },
    ip: context.actor.ip ?? null,
    userAgent: storedUserAgent(context.actor.userAgent),
    action: entry.action,
    target: entry.target,
    ...(entry.details ? { details: entry.details } : {}),
  };
  return { ...content, hash: hashAuditContent(content) };
}

/**
 * Stages an audit record into a transaction: the record (immutable) and the tenant's chain
 * head, replaced with its ETag. Two concurrent appends read the same head; only one batch can
 * replace it, the other fails whole, so a sequence number is never reused and the chain never forks.
 */
export async function stageAuditRecord(
  repository: TenantRepository,
  transaction: TenantTransaction,
  context: TenantContext,
  entry: AuditEntry,
  now: Date,
): Promise<AuditRecord> {
  const head = await repository.find<AuditHead>(auditHeadType, auditHeadId);
  const record = chainAuditRecord(repository.tenantId, head, context, entry, now);
  transaction.create(auditRecordType, auditRecordId(record.sequence), record, { immutable: true });
  const nextHead: AuditHead = { sequence: record.sequence, hash: record.hash };
  if (head) transaction.replace(head, nextHead);
  else transaction.create(auditHeadType, auditHeadId, nextHead);
  return record;
}

/** Appends one record on its own, retrying when a concurrent append took the sequence number. */
export async function appendAuditRecord(
  repository: TenantRepository,
  context: TenantContext,
  entry: AuditEntry,
  now: () => Date = () => new Date(),
): Promise<AuditRecord> {
  return retryOnConflict('The audit log', async () => {
    const transaction = repository.transaction();
    const record = await stageAuditRecord(repository, transaction, context, entry, now());
    await transaction.commit();
    return record;
  });
}
