import type { Container, JSONObject, OperationInput, PatchOperation } from '@azure/cosmos';
import { commitAudited } from '../audit/audit-lane';
import {
  auditRecordId,
  auditRecordType,
  type AuditEntry,
  type AuditRecord,
  type PendingAudit,
} from '../audit/audit-record';
import { translateCosmosError } from './cosmos-errors';
import { fromResource, type Stored } from './stored-document';
import type { TenantRepository } from './tenant-repository';

/** Cosmos's limit for one transactional batch. */
const maxBatchOperations = 100;

/** Where an audit record goes once the batch is assembled and its place in the chain is known. */
interface AuditSlot {
  readonly pendingAudit: PendingAudit;
}

type Slot = OperationInput | AuditSlot;
const isAuditSlot = (slot: Slot): slot is AuditSlot => 'pendingAudit' in slot;

/**
 * Several writes in this tenant's partition that land together or not at all (a Cosmos
 * transactional batch: one partition, at most 100 operations).
 */
export class TenantTransaction {
  private readonly operations: Slot[] = [];
  private readonly labels: string[] = [];

  constructor(
    readonly repository: TenantRepository,
    private readonly container: Container,
  ) {}

  /** The container this transaction writes to: the audit lanes are kept per container and organisation. */
  get store(): object {
    return this.container;
  }

  /** About how many bytes the batch sends (audit records count as their entry). */
  get bytes(): number {
    return JSON.stringify(this.operations).length;
  }

  /** How many audit records wait for their place in the chain (each takes one operation). */
  get pendingAudits(): number {
    return this.operations.filter(isAuditSlot).length;
  }

  get size(): number {
    return this.operations.length;
  }

  get tenantId(): string {
    return this.repository.tenantId;
  }

  create<T extends object>(type: string, id: string, data: T, options: { immutable?: boolean } = {}): this {
    const resourceBody = this.repository.prepareNew(type, id, data, options) as unknown as JSONObject;
    return this.add({ operationType: 'Create', resourceBody }, `${type} ${id}`);
  }

  replace<T extends object>(current: Stored<unknown>, next: T, options: { immutable?: boolean } = {}): this {
    return this.add(
      {
        operationType: 'Replace',
        id: current.id,
        resourceBody: this.repository.prepareReplacement(current, next, options) as unknown as JSONObject,
        ifMatch: current.etag,
      },
      `${current.type} ${current.id}`,
    );
  }

  /**
   * Deletes a document for good, under its ETag: the system's one hard delete (a vendor's bank
   * details, whose ciphertext must be gone when purged). Only a document stored with
   * `purgeable: true` can go; everything else is append-only.
   */
  purge(current: Stored<unknown>): this {
    if ((current as { purgeable?: unknown }).purgeable !== true)
      throw new Error(`${current.type} ${current.id} is a record, not purgeable`);
    // A batch delete takes no ETag: the unchanged replace before it does, so a purge of what
    // someone changed meanwhile fails whole.
    this.replace(current, current);
    return this.add({ operationType: 'Delete', id: current.id }, `${current.type} ${current.id}`);
  }

  /**
   * An audit record of these writes, chained when the batch is assembled (platform/audit/audit-lane.ts):
   * one operation here, and the chain head's replace added once per batch.
   */
  audit(pendingAudit: PendingAudit): this {
    return this.add({ pendingAudit }, 'audit-record');
  }

  private add(slot: Slot, label: string): this {
    // An audited batch also carries the chain head.
    const headRoom = isAuditSlot(slot) || this.pendingAudits > 0 ? 1 : 0;
    if (this.operations.length + headRoom >= maxBatchOperations) {
      throw new Error(`a transaction holds at most ${maxBatchOperations} operations`);
    }
    this.operations.push(slot);
    this.labels.push(label);
    return this;
  }

  /**
   * The same writes with each waiting audit record built by `chain`, in order (the audit lane's use):
   * the records' places in the list stay where they were staged.
   */
  chained(chain: (pending: PendingAudit) => AuditRecord): TenantTransaction {
    const sealed = new TenantTransaction(this.repository, this.container);
    this.operations.forEach((slot, index) => {
      if (!isAuditSlot(slot)) return sealed.add(slot, this.labels[index]!);
      const record = chain(slot.pendingAudit);
      sealed.create(auditRecordType, auditRecordId(record.sequence), record, { immutable: true });
    });
    return sealed;
  }

  /** Whether operation `index` is an audit record (a failure there means another writer took its sequence number). */
  isAuditRecord(index: number): boolean {
    return this.labels[index] === 'audit-record' || this.labels[index]?.startsWith(`${auditRecordType} `) === true;
  }

  /**
   * A patch that applies only while `condition` holds (`from c where ...`, lower case: the
   * emulator lower-cases it). It takes no ETag, so concurrent patches of one document never race.
   */
  patch(type: string, id: string, operations: PatchOperation[], condition?: string): this {
    const resourceBody = { operations, ...(condition ? { condition } : {}) };
    return this.add({ operationType: 'Patch', id, resourceBody }, `${type} ${id}`);
  }

  /** Takes over another transaction's writes of the same organisation (each prepared by its own repository). */
  append(other: TenantTransaction): this {
    if (other.tenantId !== this.tenantId) throw new Error('a transaction stays within one organisation');
    other.operations.forEach((operation, index) => this.add(operation, other.labels[index]!));
    return this;
  }

  /**
   * Commits with `entry`, when given, as the audit record of these writes by the repository's
   * caller, stamped now: the one call an audited write of a store makes.
   */
  async commitWithAudit(entry: AuditEntry | undefined): Promise<void> {
    if (entry) this.audit({ context: this.repository.context, entry, at: this.repository.now() });
    await this.commit();
  }

  /** Commits atomically; on failure nothing was written and the failing operation is named. */
  async commit(): Promise<Stored<Record<string, unknown>>[]> {
    const outcome = await this.attempt();
    if (outcome.committed) return outcome.documents;
    throw translateCosmosError({ code: outcome.status }, this.labels[outcome.failedAt] ?? 'transaction');
  }

  /**
   * Commits atomically, saying which operation failed (and why) instead of throwing on a refusal.
   * With audit records it goes through the organisation's audit lane, which chains them.
   */
  attempt(): Promise<BatchOutcome> {
    return this.pendingAudits > 0 ? commitAudited(this) : this.send();
  }

  /** Sends the batch as it is (the audit lane's use, once every record is chained). */
  async send(): Promise<BatchOutcome> {
    if (this.operations.length === 0) return { committed: true, documents: [] };
    const operations = this.operations.map((slot) => {
      if (isAuditSlot(slot)) throw new Error('an audit record must be chained before the batch is sent');
      return slot;
    });
    let response;
    try {
      response = await this.container.items.batch(operations, this.repository.tenantId);
    } catch (error) {
      throw translateCosmosError(error, 'transaction');
    }
    const results = response.result ?? [];
    const failedAt = results.findIndex((result) => result.statusCode >= 400 && result.statusCode !== 424);
    if (failedAt >= 0 || response.code === undefined || response.code >= 300) {
      const index = Math.max(failedAt, 0);
      return { committed: false, failedAt: index, status: results[index]?.statusCode ?? response.code ?? 500 };
    }
    return {
      committed: true,
      // A purge answers without a body; its place in the list stays, empty.
      documents: results.map((result) =>
        fromResource<Record<string, unknown>>((result.resourceBody ?? {}) as Record<string, unknown>),
      ),
    };
  }
}

export type BatchOutcome =
  | { readonly committed: true; readonly documents: Stored<Record<string, unknown>>[] }
  | { readonly committed: false; readonly failedAt: number; readonly status: number };
