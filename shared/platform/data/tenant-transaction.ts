import type { Container, JSONObject, OperationInput, PatchOperation } from '@azure/cosmos';
import { translateCosmosError } from './cosmos-errors';
import { fromResource, type Stored } from './stored-document';
import type { TenantRepository } from './tenant-repository';

/** Cosmos's limit for one transactional batch. */
const maxBatchOperations = 100;

/**
 * Several writes in this tenant's partition that land together or not at all (a Cosmos
 * transactional batch: one partition, at most 100 operations).
 */
export class TenantTransaction {
  private readonly operations: OperationInput[] = [];
  private readonly labels: string[] = [];

  constructor(
    private readonly repository: TenantRepository,
    private readonly container: Container,
  ) {}

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

  private add(operation: OperationInput, label: string): this {
    if (this.operations.length >= maxBatchOperations) {
      throw new Error(`a transaction holds at most ${maxBatchOperations} operations`);
    }
    this.operations.push(operation);
    this.labels.push(label);
    return this;
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

  /** Commits atomically; on failure nothing was written and the failing operation is named. */
  async commit(): Promise<Stored<Record<string, unknown>>[]> {
    const outcome = await this.attempt();
    if (outcome.committed) return outcome.documents;
    throw translateCosmosError({ code: outcome.status }, this.labels[outcome.failedAt] ?? 'transaction');
  }

  /** Commits atomically, saying which operation failed (and why) instead of throwing on a refusal. */
  async attempt(): Promise<BatchOutcome> {
    if (this.operations.length === 0) return { committed: true, documents: [] };
    let response;
    try {
      response = await this.container.items.batch(this.operations, this.repository.tenantId);
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
