/** Fields the data layer owns on every business document; callers cannot set them. */
export interface DocumentMeta {
  readonly id: string;
  readonly tenantId: string;
  readonly type: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
  /** Set on records that must never change again (posted entries, audit records). */
  readonly immutable?: true;
  /** Cosmos `_etag`, for optimistic concurrency. */
  readonly etag: string;
}

export type Stored<T> = T & DocumentMeta;

/** A stored document as it was read (replaced under its ETag) and what it becomes: what a store's write takes. */
export interface Change<T> {
  readonly current: Stored<T>;
  readonly next: T;
}

export const metaFields = [
  'id',
  'tenantId',
  'type',
  'createdBy',
  'createdAt',
  'updatedBy',
  'updatedAt',
  'immutable',
  'etag',
] as const;
const systemFields = ['_rid', '_self', '_ts', '_attachments', '_etag', '_lsn'];

/** A Cosmos resource as the app sees it: system properties gone, `_etag` kept as `etag`. */
export function fromResource<T>(resource: Record<string, unknown>): Stored<T> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (!systemFields.includes(key)) result[key] = value;
  }
  result.etag = resource._etag;
  return result as Stored<T>;
}

/** The caller's fields without anything the data layer owns. */
export function withoutMeta<T extends object>(data: T): Omit<T, (typeof metaFields)[number]> {
  const copy: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of [...metaFields, ...systemFields]) delete copy[field];
  return copy as Omit<T, (typeof metaFields)[number]>;
}
