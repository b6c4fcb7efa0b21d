import type { Container } from '@azure/cosmos';
import { NotFoundError } from '../errors';
import { statusOf, translateCosmosError } from './cosmos-errors';
import { retryOnConflict } from './retry';

/** A platform document as read: its own fields, its id and its ETag (for a conditional replace). */
export type PlatformDocument<T> = T & { readonly id: string; readonly etag: string };

/** Seconds a platform document lives; the platform container expires documents by their `ttl`. */
export interface Expiry {
  readonly ttlSeconds?: number;
}

/**
 * The only way to touch the platform container: documents looked up by their own id across
 * organisations (slugs, pending sign-ins, operators, IP blocks, rate windows, security events).
 * Its failures are the store's typed errors (DocumentExistsError, DocumentChangedError, ...).
 */
export class PlatformRepository {
  constructor(private readonly container: Container) {}

  async find<T extends object>(id: string): Promise<PlatformDocument<T> | undefined> {
    try {
      const { resource, etag } = await this.container.item(id, id).read<T & { id: string }>();
      return resource ? { ...resource, etag } : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw translateCosmosError(error, id);
    }
  }

  async create<T extends object>(type: string, id: string, data: T, expiry: Expiry = {}): Promise<void> {
    try {
      await this.container.items.create(this.document(type, id, data, expiry));
    } catch (error) {
      throw translateCosmosError(error, id);
    }
  }

  /** Writes whether or not the document exists: for state where the last writer is right (a block). */
  async upsert<T extends object>(type: string, id: string, data: T, expiry: Expiry = {}): Promise<void> {
    try {
      await this.container.items.upsert(this.document(type, id, data, expiry));
    } catch (error) {
      throw translateCosmosError(error, id);
    }
  }

  /** Writes `next` over `current` only if nobody changed it since it was read (DocumentChangedError). */
  async replace<T extends object>(current: PlatformDocument<object>, next: T): Promise<void> {
    const { etag: _etag, ...rest } = { ...current, ...next };
    try {
      await this.container
        .item(current.id, current.id)
        .replace(rest, { accessCondition: { type: 'IfMatch', condition: current.etag } });
    } catch (error) {
      throw translateCosmosError(error, current.id);
    }
  }

  /**
   * Every document whose id starts with `prefix`, across the container's partitions: for small
   * registries an administrator lists (the operators), never on a request's path.
   */
  async listByIdPrefix<T extends object>(prefix: string): Promise<PlatformDocument<T>[]> {
    try {
      const { resources } = await this.container.items
        .query<T & { id: string; _etag: string }>({
          query: 'SELECT * FROM c WHERE STARTSWITH(c.id, @prefix) ORDER BY c.id',
          parameters: [{ name: '@prefix', value: prefix }],
        })
        .fetchAll();
      return resources.map((resource) => ({ ...resource, etag: resource._etag }));
    } catch (error) {
      throw translateCosmosError(error, `${prefix}*`);
    }
  }

  /**
   * The one fixed-window counter: adds one to the window's count and returns the new count. One
   * atomic server-side increment per call; the first call of a window creates its document, and
   * when two create it at once the loser increments what the winner created, so no count is lost.
   * The counter is kept `keepSeconds` (two windows unless a caller still reads it later).
   */
  countInWindow(type: string, id: string, windowSeconds: number, keepSeconds = windowSeconds * 2): Promise<number> {
    return retryOnConflict('The counter', async () => {
      try {
        const { resource } = await this.container
          .item(id, id)
          .patch<{ count: number }>([{ op: 'incr', path: '/count', value: 1 }]);
        return resource!.count;
      } catch (error) {
        const failure = translateCosmosError(error, id);
        if (!(failure instanceof NotFoundError)) throw failure;
      }
      await this.create(type, id, { count: 1 }, { ttlSeconds: keepSeconds });
      return 1;
    });
  }

  private document(type: string, id: string, data: object, expiry: Expiry): Record<string, unknown> {
    return { ...data, id, type, ...(expiry.ttlSeconds ? { ttl: expiry.ttlSeconds } : {}) };
  }
}
