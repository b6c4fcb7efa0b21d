import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import { storedUserAgent, type TenantContext } from '../actor';

export const auditRecordType = 'audit-record';
export const auditHeadType = 'audit-head';
export const auditHeadId = 'audit-head';
export const genesisHash = '0'.repeat(64);

/** What happened, by whom, to what: the caller's part of an audit record. No secrets in details. */
export interface AuditEntry {
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** The hashed content of a record; the chain covers every field here. */
export interface AuditRecordContent extends AuditEntry {
  readonly tenantId: string;
  readonly sequence: number;
  readonly previousHash: string;
  readonly timestamp: string;
  readonly actor: { readonly id: string; readonly kind: string };
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface AuditRecord extends AuditRecordContent {
  readonly hash: string;
}

export interface AuditHead {
  readonly sequence: number;
  readonly hash: string;
}

export function auditRecordId(sequence: number): string {
  return `audit-${String(sequence).padStart(12, '0')}`;
}

export function hashAuditContent(content: AuditRecordContent): string {
  const { tenantId, sequence, previousHash, timestamp, actor, ip, userAgent, action, target, details } = content;
  const canonical = canonicalize({
    tenantId,
    sequence,
    previousHash,
    timestamp,
    actor,
    ip,
    userAgent,
    action,
    target,
    details: details ?? null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * An audit record waiting for its place in the chain: staged with the writes it describes and
 * given its sequence number and previous hash only when the batch that carries it is assembled
 * (audit-lane.ts), so writers never read the head and never race each other for it.
 */
export interface PendingAudit {
  readonly context: TenantContext;
  readonly entry: AuditEntry;
  readonly at: Date;
}

/**
 * The record that follows `previous` in a tenant's chain (the genesis when there is none):
 * the next sequence number and the previous record's hash, hashed with everything it says.
 */
export function chainAuditRecord(
  tenantId: string,
  previous: AuditHead | undefined,
  pending: PendingAudit,
): AuditRecord {
  const { context, entry, at } = pending;
  const content = {
    tenantId,
    sequence: (previous?.sequence ?? 0) + 1,
    previousHash: previous?.hash ?? genesisHash,
    timestamp: at.toISOString(),
    actor: { id: context.actor.id, kind: context.actor.kind },
    ip: context.actor.ip ?? null,
    userAgent: storedUserAgent(context.actor.userAgent),
    action: entry.action,
    target: entry.target,
    ...(entry.details ? { details: entry.details } : {}),
  };
  return { ...content, hash: hashAuditContent(content) };
}
