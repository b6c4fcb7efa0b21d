import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import type { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { dimensionDocumentId, dimensionRepository, requireUnrestricted, type Dimension } from './dimensions';
import { dimensionKinds, type DimensionKind, type DimensionMigrationResult } from './schemas';
import { taggedDocumentTypes, tagsOf, type TaggedDocument } from './tagged-documents';

/** Pages of this many documents: memory holds one page and the distinct values, never a whole type. */
const pageSize = 500;

export interface MigrationDependencies extends DomainDependencies {
  /** Test seam: called after each step that committed (an entry created), where a crash may strike. */
  readonly atBoundary?: (boundary: string) => void;
}

/** The operator's request a platform-wide run belongs to, named in every record it writes. */
export interface MigrationRequest {
  readonly request: string;
  readonly requestedBy: string;
}

/** Where a walk through the tagged documents stands: the type (by its place in the list) and the page within it. */
export interface MigrationCursor {
  readonly typeIndex: number;
  readonly continuationToken: string | null;
}

export const migrationStart: MigrationCursor = { typeIndex: 0, continuationToken: null };

/** What a stretch of the walk did, and where the next one starts (null: every type read). */
export interface MigrationStep extends DimensionMigrationResult {
  readonly next: MigrationCursor | null;
}

/**
 * Makes sure every value is an entry of its list: a value not yet on it becomes an active entry
 * whose code (and first name) is that value, created with its audit record in one batch under
 * an id derived from kind and code, so a run that died half-way, or two at once, never create an
 * entry or its record twice. An entry already there (an inactive one too) is left as it is.
 */
async function ensureEntries(
  deps: MigrationDependencies,
  repository: TenantRepository,
  request: MigrationRequest | undefined,
  found: ReadonlyArray<{ kind: DimensionKind; code: string }>,
): Promise<Record<DimensionKind, string[]>> {
  const created: Record<DimensionKind, string[]> = { facility: [], division: [] };
  for (const { kind, code } of found) {
    const id = dimensionDocumentId(kind, code);
    const made = await retryOnConflict(`The ${kind} list`, async () => {
      if (await repository.find<Dimension>(kind, id)) return false;
      const transaction = repository.transaction().create<Dimension>(kind, id, { code, name: code, active: true });
      const details = { code, ...(request ? { request: request.request, requestedBy: request.requestedBy } : {}) };
      const audit = { action: `settings.${kind}-migrated`, target: { type: kind, id: code }, details };
      await stageAuditRecord(repository, transaction, repository.context, audit, deps.clock.now());
      await transaction.commit();
      return true;
    });
    if (made) {
      created[kind].push(code);
      deps.atBoundary?.(`created:${kind}:${code}`);
    }
  }
  return created;
}

/** After a page of the type at `typeIndex`: its next page, else the next type's first, else the end. */
function nextCursor(typeIndex: number, continuationToken: string | undefined): MigrationCursor | null {
  if (continuationToken) return { typeIndex, continuationToken };
  return typeIndex + 1 < taggedDocumentTypes.length ? { typeIndex: typeIndex + 1, continuationToken: null } : null;
}

/**
 * Walks the tagged documents from `from`, at most `pages` pages, making every facility and
 * division they name an entry of its list as each page is read: what a stretch created stays
 * created, so a walk cut short (a crash, a delivery's page budget) loses nothing but the pages it
 * read. Stored documents, posted entries included, are never rewritten.
 */
export async function migrateStretch(
  deps: MigrationDependencies,
  context: TenantContext,
  request: MigrationRequest | undefined,
  from: MigrationCursor,
  pages: number,
): Promise<MigrationStep> {
  requireUnrestricted(context, 'facility');
  const repository = dimensionRepository(deps, context);
  const ensured = new Set<string>();
  const created: Record<DimensionKind, string[]> = { facility: [], division: [] };
  const documentsRead: Record<string, number> = {};
  let cursor: MigrationCursor | null = from;
  for (let read = 0; cursor && read < pages; read += 1) {
    const { typeIndex, continuationToken } = cursor;
    const type = taggedDocumentTypes[typeIndex]!;
    const page = await repository.query<TaggedDocument>(type, {
      maxItemCount: pageSize,
      ...(continuationToken ? { continuationToken } : {}),
    });
    documentsRead[type] = (documentsRead[type] ?? 0) + page.items.length;
    const found = page.items.flatMap(tagsOf).filter(({ kind, code }) => {
      const key = JSON.stringify([kind, code]);
      if (ensured.has(key)) return false;
      ensured.add(key);
      return true;
    });
    const made = await ensureEntries(deps, repository, request, found);
    for (const kind of dimensionKinds) created[kind].push(...made[kind]);
    cursor = nextCursor(typeIndex, page.continuationToken);
  }
  const sorted = (codes: string[]) => [...codes].sort();
  return {
    created: { facilities: sorted(created.facility), divisions: sorted(created.division) },
    documentsRead,
    next: cursor,
  };
}

/**
 * Turns the free text organisations typed before the lists existed into list entries, reading
 * every document type that carries it (tagged-documents.ts) a page at a time, in one go: what an
 * organisation's admin runs (`POST /api/settings/dimensions/migration`). Running it again creates
 * nothing. The platform's run goes through the same walk in bounded stretches (platform-migration.ts).
 */
export async function migrateDimensions(
  deps: MigrationDependencies,
  context: TenantContext,
): Promise<DimensionMigrationResult> {
  const { created, documentsRead } = await migrateStretch(deps, context, undefined, migrationStart, Infinity);
  return { created, documentsRead };
}
