import type { Container, SqlParameter } from '@azure/cosmos';

/** A named value in a query's WHERE clause (`@name`), never spliced into the text. */
export type QueryParameter = SqlParameter;
import type { TenantContext } from '../actor';
import { systemClock, type Clock } from '../clock';
import { ConflictError, NotFoundError } from '../errors';
import { recordIdPattern } from '../ids';
import { statusOf, translateCosmosError } from './cosmos-errors';
import { retryOnConflict } from './retry';
import { fromResource, withoutMeta, type DocumentMeta, type Stored } from './stored-document';
import { TenantTransaction } from './tenant-transaction';
import { readEach, recordTypesIn, type DocumentRef } from './partition-reads';

// Callers see one module for the partition's reads, writes and transactions; `backoff` serves the
// loops not yet on retryOnConflict.
export { TenantTransaction, type BatchOutcome } from './tenant-transaction';
export { backoff } from './retry';

export interface Page<T> {
  readonly items: Stored<T>[];
  readonly continuationToken?: string;
}

function checkId(id: string): void {
  // Cosmos ids may not contain / \ ? #; we allow a safe subset so ids are also safe in URLs.
  if (!recordIdPattern.test(id)) throw new NotFoundError('No such record');
}

/**
 * The only way to touch an organisation's business documents. It cannot exist without a
 * tenant, puts the tenant as the partition key on every call, and answers "not found" for
 * anything outside it, so another organisation's ids reveal nothing, not even existence.
 * There is no delete: financial records are append-only (the one exception, a purgeable document,
 * goes through `TenantTransaction.purge`).
 */
export class TenantRepository {
  readonly tenantId: string;

  constructor(
    private readonly container: Container,
    readonly context: TenantContext,
    private readonly clock: Clock = systemClock,
  ) {
    if (!context?.tenantId) throw new Error('a tenant repository needs a tenant');
    this.tenantId = context.tenantId;
  }

  /** What this repository's writes, and its caller's audit records, are stamped with. */
  now(): Date {
    return this.clock.now();
  }

  get actor() {
    return this.context.actor;
  }

  async find<T extends object>(type: string, id: string): Promise<Stored<T> | undefined> {
    if (!recordIdPattern.test(id)) return undefined;
    try {
      const { resource } = await this.container.item(id, this.tenantId).read<Record<string, unknown>>();
      if (!resource || resource.tenantId !== this.tenantId || resource.type !== type) return undefined;
      return fromResource<T>(resource);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw translateCosmosError(error, `${type} ${id}`);
    }
  }

  async get<T extends object>(type: string, id: string): Promise<Stored<T>> {
    const found = await this.find<T>(type, id);
    if (!found) throw new NotFoundError(`No ${type} with id ${id}`);
    return found;
  }

  /** The document a create would write: the caller's fields, then the meta the layer owns. */
  prepareNew<T extends object>(
    type: string,
    id: string,
    data: T,
    options: { immutable?: boolean } = {},
  ): Omit<Stored<T>, 'etag'> {
    checkId(id);
    const now = this.clock.now().toISOString();
    const meta: Omit<DocumentMeta, 'etag'> = {
      id,
      tenantId: this.tenantId,
      type,
      createdBy: this.context.actor.id,
      createdAt: now,
      updatedBy: this.context.actor.id,
      updatedAt: now,
      ...(options.immutable ? { immutable: true as const } : {}),
    };
    return { ...withoutMeta(data), ...meta } as Omit<Stored<T>, 'etag'>;
  }

  /** `immutable` finalises the record (a draft being posted): no replace is accepted after it. */
  prepareReplacement<T extends object>(
    current: Stored<unknown>,
    next: T,
    options: { immutable?: boolean } = {},
  ): Omit<Stored<T>, 'etag'> {
    this.assertOwnAndMutable(current);
    return {
      ...withoutMeta(next),
      id: current.id,
      tenantId: this.tenantId,
      type: current.type,
      createdBy: current.createdBy,
      createdAt: current.createdAt,
      updatedBy: this.context.actor.id,
      updatedAt: this.clock.now().toISOString(),
      ...(options.immutable ? { immutable: true as const } : {}),
    } as Omit<Stored<T>, 'etag'>;
  }

  async create<T extends object>(
    type: string,
    id: string,
    data: T,
    options: { immutable?: boolean } = {},
  ): Promise<Stored<T>> {
    const document = this.prepareNew(type, id, data, options);
    try {
      const { resource } = await this.container.items.create(document);
      return fromResource<T>(resource as unknown as Record<string, unknown>);
    } catch (error) {
      throw translateCosmosError(error, `${type} ${id}`);
    }
  }

  /** Writes `next` over `current` only if nobody changed it since it was read (ETag). */
  async replace<T extends object>(current: Stored<unknown>, next: T): Promise<Stored<T>> {
    const document = this.prepareReplacement(current, next);
    try {
      const { resource } = await this.container
        .item(current.id, this.tenantId)
        .replace(document, { accessCondition: { type: 'IfMatch', condition: current.etag } });
      return fromResource<T>(resource as unknown as Record<string, unknown>);
    } catch (error) {
      throw translateCosmosError(error, `${current.type} ${current.id}`);
    }
  }

  /** Read-modify-write that retries when another writer got there first. */
  update<T extends object>(
    type: string,
    id: string,
    mutate: (current: Stored<T>) => T | Promise<T>,
  ): Promise<Stored<T>> {
    return retryOnConflict(`${type} ${id}`, async () => {
      const current = await this.get<T>(type, id);
      return this.replace(current, await mutate(current));
    });
  }

  /**
   * One page of documents of a type in this tenant's partition. The tenant and type filters
   * are always added here; callers add parameterised conditions on `c` only.
   */
  async query<T extends object>(
    type: string,
    options: {
      where?: string;
      parameters?: SqlParameter[];
      orderBy?: string;
      maxItemCount?: number;
      continuationToken?: string;
    } = {},
  ): Promise<Page<T>> {
    const conditions = ['c.tenantId = @tenantId', 'c.type = @type', ...(options.where ? [`(${options.where})`] : [])];
    const query = `SELECT * FROM c WHERE ${conditions.join(' AND ')}${options.orderBy ? ` ORDER BY ${options.orderBy}` : ''}`;
    const parameters = [
      { name: '@tenantId', value: this.tenantId },
      { name: '@type', value: type },
      ...(options.parameters ?? []),
    ];
    try {
      const response = await this.container.items
        .query<Record<string, unknown>>(
          { query, parameters },
          {
            partitionKey: this.tenantId,
            maxItemCount: options.maxItemCount ?? 100,
            continuationToken: options.continuationToken,
          },
        )
        .fetchNext();
      return {
        items: response.resources.map((resource) => fromResource<T>(resource)),
        ...(response.continuationToken ? { continuationToken: response.continuationToken } : {}),
      };
    } catch (error) {
      throw translateCosmosError(error, `${type} query`);
    }
  }

  async queryAll<T extends object>(
    type: string,
    options: Omit<Parameters<TenantRepository['query']>[1] & object, 'continuationToken'> = {},
  ): Promise<Stored<T>[]> {
    const all: Stored<T>[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.query<T>(type, { ...options, continuationToken });
      all.push(...page.items);
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return all;
  }

  /** Every record type in this tenant's partition, in order (see recordTypesIn). */
  recordTypes(): Promise<string[]> {
    return recordTypesIn(this.container, this.tenantId);
  }

  /** Several documents in one query instead of a point read each; undefined where `find` would be. */
  async findEach<T extends readonly DocumentRef[]>(
    refs: T,
  ): Promise<{ [K in keyof T]: Stored<Record<string, unknown>> | undefined }> {
    return (await readEach(this.container, this.tenantId, refs)) as {
      [K in keyof T]: Stored<Record<string, unknown>> | undefined;
    };
  }

  transaction(): TenantTransaction {
    return new TenantTransaction(this, this.container);
  }

  private assertOwnAndMutable(current: Stored<unknown>): void {
    if (current.tenantId !== this.tenantId) throw new NotFoundError('No such record');
    if (current.immutable) throw new ConflictError(`${current.type} ${current.id} is final and cannot be changed`);
  }
}
