import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { Organization } from '../platform/organization/organization';
import type { Dimension } from './dimensions';
import type { DimensionKind } from './schemas';

/** Where a walk through the tagged documents stands: the type (by its place in the list) and the page within it. */
export interface MigrationCursor {
  readonly typeIndex: number;
  readonly continuationToken: string | null;
}

/** One page of one tagged document type: the facilities and divisions its documents name, and where the walk goes on. */
export interface TaggedPage {
  readonly type: string;
  readonly documents: number;
  readonly tags: ReadonlyArray<{ readonly kind: DimensionKind; readonly code: string }>;
  /** null: every type read. */
  readonly next: MigrationCursor | null;
}

/** Where an organisation's part of a platform request stands between deliveries, and what it did so far. */
export interface MigrationProgress {
  readonly next: MigrationCursor;
  readonly documentsRead: Record<string, number>;
  readonly facilitiesCreated: number;
  readonly divisionsCreated: number;
}

/**
 * The facility and division lists of one organisation, as one caller acts on them. Finds answer
 * undefined; writes carry their audit record in the same batch.
 */
export interface DimensionStore {
  /** The entries of one list in code order. */
  listEntries(kind: DimensionKind): Promise<Stored<Dimension>[]>;
  findEntry(kind: DimensionKind, code: string): Promise<Stored<Dimension> | undefined>;
  /** DocumentExistsError (a ConflictError) when the code is on the list already: nothing written. */
  createEntry(kind: DimensionKind, entry: Dimension, audit: AuditEntry): Promise<void>;
  /** DocumentChangedError (a PreconditionFailedError) when the entry changed since `current` was read. */
  replaceEntry(current: Stored<Dimension>, next: Dimension, audit: AuditEntry): Promise<void>;
}

/**
 * What the migration of free-text facilities and divisions adds: the organisation's documents of
 * every domain that carry them, read a page at a time, and the platform run's crash-safe place.
 */
export interface MigrationStore extends DimensionStore {
  readOrganization(): Promise<Stored<Organization> | undefined>;
  /** The page of tagged documents at `from`, at most `pageSize` documents; never rewrites one. */
  readTaggedPage(from: MigrationCursor, pageSize: number): Promise<TaggedPage>;
  findProgress(request: string): Promise<Stored<MigrationProgress> | undefined>;
  /**
   * Saves the place of `request` under the ETag of `current` (created when absent):
   * DocumentChangedError or DocumentExistsError when another delivery saved it first.
   */
  saveProgress(request: string, current: Stored<MigrationProgress> | undefined, next: MigrationProgress): Promise<void>;
  /** Whether the queue message `request` of `queue` already completed here. */
  completedBefore(queue: string, request: string): Promise<boolean>;
  /**
   * Commits `audit` with the completion record of `request` (keyed by the message, holding
   * `totals`), once: `replayed` when an earlier delivery committed it.
   */
  complete(
    queue: string,
    request: string,
    message: unknown,
    totals: Omit<MigrationProgress, 'next'>,
    audit: AuditEntry,
  ): Promise<{ readonly replayed: boolean }>;
}
