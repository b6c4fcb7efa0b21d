import type { Stored } from '../data/stored-document';
import type { BatchOutcome, TenantTransaction } from '../data/tenant-transaction';
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
  private readonly queue: Waiting[] = [];
  private running = false;
  /** As the last batch left it; undefined means unknown (read it), null means absent. */
  private head: Stored<AuditHead> | null | undefined;

  submit(transaction: TenantTransaction): Promise<BatchOutcome> {
    const bytes = transaction.bytes;
    return new Promise((resolve, reject) => {
      this.queue.push({ transaction, bytes, resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.commitGroup(this.takeGroup());
    } finally {
      this.running = false;
    }
  }

  /** As many waiting writes, in arrival order, as one batch holds with the head. */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    let operations = 1;
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      const fits = operations + next.transaction.size <= maxOperations && bytes + next.bytes <= maxBytes;
      if (group.length > 0 && !fits) break;
      operations += next.transaction.size;
      bytes += next.bytes;
      group.push(this.queue.shift()!);
    }
    return group;
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
  let byTenant = lanes.get(transaction.store);
  if (!byTenant) lanes.set(transaction.store, (byTenant = new Map<string, AuditLane>()));
  let lane = byTenant.get(transaction.tenantId);
  if (!lane) byTenant.set(transaction.tenantId, (lane = new AuditLane()));
  return lane.submit(transaction);
}
