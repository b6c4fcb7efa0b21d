import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

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
