import type { Stored } from '../data/stored-document';
import type { BatchOutcome, TenantTransaction } from '../data/tenant-transaction';
import { GroupCommitQueue, laneFor } from '../data/group-commit';
import { backoff, retryPolicy } from '../data/retry';
import { ContentionError } from '../errors';
import { auditHeadId, auditHeadType, chainAuditRecord, type AuditHead } from './audit-record';

/** Cosmos's limits for one transactional batch; documents carry metadata on top of the bytes counted. */
const maxOperations = 100;
const maxBytes = 1_500_000;

interface Waiting {
  readonly transaction: TenantTransaction;
  readonly bytes: number;
  resolve(outcome: BatchOutcome): void;
  reject(error: unknown): void;
}

/** A member's place in the assembled batch. */
interface Place {
  readonly member: Waiting;
  readonly start: number;
  readonly sealed: TenantTransaction;
}

/**
 * Group commit of audited writes for one organisation in this process. Every audited write
 * extends the organisation's one hash chain, whose head is a single document: writers that each
 * read it and replace it under its ETag would all but one fail and retry, so twenty concurrent
 * writes could exhaust their retries. Here writes that arrive while a batch is in flight wait and
 * go together in the next one: the head is known from the last batch (read only when unknown),
 * each waiting record is chained in arrival order, and the head is replaced once, last in the
 * batch. A failure on the head or on a record (another instance appended meanwhile) re-reads the
 * head and retries everyone; a failure on a member's own write answers that member alone (as its
 * own batch would have) and the others go again.
 */
class AuditLane {
  private readonly queue = new GroupCommitQueue<Waiting>(
    (group, next) =>
      group.reduce((n, member) => n + member.transaction.size, 1 + next.transaction.size) <= maxOperations &&
      group.reduce((n, member) => n + member.bytes, next.bytes) <= maxBytes,
    (group) => this.commitGroup(group),
  );
  /** As the last batch left it; undefined means unknown (read it), null means absent. */
  private head: Stored<AuditHead> | null | undefined;

  submit(transaction: TenantTransaction): Promise<BatchOutcome> {
    return new Promise((resolve, reject) =>
      this.queue.push({ transaction, bytes: transaction.bytes, resolve, reject }),
    );
  }

  private async commitGroup(group: Waiting[]): Promise<void> {
    let waiting = group;
    for (let stale = 0; waiting.length > 0;) {
      if (stale > retryPolicy.attempts) {
        const busy = new ContentionError('The audit log kept changing while we wrote to it; try again');
        return waiting.forEach((member) => member.reject(busy));
      }
      let result: { rest: Waiting[]; stale: boolean };
      try {
        result = await this.attempt(waiting);
      } catch (error) {
        return waiting.forEach((member) => member.reject(error));
      }
      waiting = result.rest;
      if (!result.stale) continue;
      // A head known from the last batch may be stale once; losing again means another writer is busy.
      stale += 1;
      if (stale > 1) await backoff(stale - 1);
    }
  }

  /** One batch for the group: the members still to commit, and whether the chain had moved. */
  private async attempt(group: Waiting[]): Promise<{ rest: Waiting[]; stale: boolean }> {
    const leader = group[0]!.transaction.repository;
    if (this.head === undefined) this.head = (await leader.find<AuditHead>(auditHeadType, auditHeadId)) ?? null;
    let head: AuditHead | undefined = this.head ?? undefined;
    const batch = leader.transaction();
    const places: Place[] = [];
    for (const member of group) {
      const sealed = member.transaction.chained((pending) => {
        const record = chainAuditRecord(leader.tenantId, head, pending);
        head = { sequence: record.sequence, hash: record.hash };
        return record;
      });
      places.push({ member, start: batch.size, sealed });
      batch.append(sealed);
    }
    const next: AuditHead = { sequence: head!.sequence, hash: head!.hash };
    const headAt = batch.size;
    if (this.head) batch.replace(this.head, next);
    else batch.create<AuditHead>(auditHeadType, auditHeadId, next);

    const outcome = await batch.send();
    if (outcome.committed) {
      this.head = outcome.documents[headAt] as unknown as Stored<AuditHead>;
      for (const { member, start, sealed } of places)
        member.resolve({ committed: true, documents: outcome.documents.slice(start, start + sealed.size) });
      return { rest: [], stale: false };
    }
    const place = places.find(
      ({ start, sealed }) => outcome.failedAt >= start && outcome.failedAt < start + sealed.size,
    );
    if (!place || place.sealed.isAuditRecord(outcome.failedAt - place.start)) {
      this.head = undefined;
      return { rest: group, stale: true };
    }
    place.member.resolve({ committed: false, failedAt: outcome.failedAt - place.start, status: outcome.status });
    return { rest: group.filter((member) => member !== place.member), stale: false };
  }
}

const lanes = new WeakMap<object, Map<string, AuditLane>>();

/** Commits an audited transaction through its organisation's lane in this process. */
export function commitAudited(transaction: TenantTransaction): Promise<BatchOutcome> {
  return laneFor(lanes, transaction.store, transaction.tenantId, () => new AuditLane()).submit(transaction);
}
