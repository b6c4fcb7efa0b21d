import type { TenantRepository } from '../data/tenant-repository';
import {
  auditHeadId,
  auditHeadType,
  auditRecordType,
  genesisHash,
  hashAuditContent,
  type AuditHead,
  type AuditRecord,
} from './audit-record';

export type ChainProblem = 'hash-mismatch' | 'broken-link' | 'gap' | 'head-mismatch';

export type ChainVerdict =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly sequence: number; readonly problem: ChainProblem };

/**
 * Walks a tenant's audit chain in sequence order, a page at a time, and reports the first
 * record whose hash does not match its content, whose link does not match its predecessor,
 * or whose number skips; finally the head must point at the last record.
 */
export async function verifyAuditChain(repository: TenantRepository, pageSize = 200): Promise<ChainVerdict> {
  let expectedSequence = 1;
  let previousHash = genesisHash;
  let continuationToken: string | undefined;
  do {
    const page = await repository.query<AuditRecord>(auditRecordType, {
      orderBy: 'c.sequence ASC',
      maxItemCount: pageSize,
      continuationToken,
    });
    for (const record of page.items) {
      if (record.sequence !== expectedSequence) return { ok: false, sequence: expectedSequence, problem: 'gap' };
      if (hashAuditContent(record) !== record.hash)
        return { ok: false, sequence: record.sequence, problem: 'hash-mismatch' };
      if (record.previousHash !== previousHash) return { ok: false, sequence: record.sequence, problem: 'broken-link' };
      previousHash = record.hash;
      expectedSequence += 1;
    }
    continuationToken = page.continuationToken;
  } while (continuationToken);
  const count = expectedSequence - 1;
  const head = await repository.find<AuditHead>(auditHeadType, auditHeadId);
  if ((head?.sequence ?? 0) !== count || (head?.hash ?? genesisHash) !== previousHash) {
    return { ok: false, sequence: count + 1, problem: 'head-mismatch' };
  }
  return { ok: true, count };
}
