import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { MigrationCursor, MigrationStore } from './dimension-store';
import type { DimensionsDependencies } from './dimensions-dependencies';
import { requireUnrestricted } from './dimensions';
import { dimensionKinds, type DimensionKind, type DimensionMigrationResult } from './schemas';

/** Pages of this many documents: memory holds one page and the distinct values, never a whole type. */
const pageSize = 500;

export interface MigrationDependencies extends DimensionsDependencies {
  /** Test seam: called after each step that committed (an entry created), where a crash may strike. */
  readonly atBoundary?: (boundary: string) => void;
}

/** The operator's request a platform-wide run belongs to, named in every record it writes. */
export interface MigrationRequest {
  readonly request: string;
  readonly requestedBy: string;
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
  store: MigrationStore,
  request: MigrationRequest | undefined,
  found: ReadonlyArray<{ kind: DimensionKind; code: string }>,
): Promise<Record<DimensionKind, string[]>> {
  const created: Record<DimensionKind, string[]> = { facility: [], division: [] };
  for (const { kind, code } of found) {
    const made = await retryOnConflict(`The ${kind} list`, async () => {
      if (await store.findEntry(kind, code)) return false;
      const details = { code, ...(request ? { request: request.request, requestedBy: request.requestedBy } : {}) };
      const audit = { action: `settings.${kind}-migrated`, target: { type: kind, id: code }, details };
      await store.createEntry(kind, { code, name: code, active: true }, audit);
      return true;
    });
    if (made) {
      created[kind].push(code);
      deps.atBoundary?.(`created:${kind}:${code}`);
    }
  }
  return created;
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
  const store = deps.storeFor(context);
  const ensured = new Set<string>();
  const created: Record<DimensionKind, string[]> = { facility: [], division: [] };
  const documentsRead: Record<string, number> = {};
  let cursor: MigrationCursor | null = from;
  for (let read = 0; cursor && read < pages; read += 1) {
    const page = await store.readTaggedPage(cursor, pageSize);
    documentsRead[page.type] = (documentsRead[page.type] ?? 0) + page.documents;
    const found = page.tags.filter(({ kind, code }) => {
      const key = JSON.stringify([kind, code]);
      if (ensured.has(key)) return false;
      ensured.add(key);
      return true;
    });
    const made = await ensureEntries(deps, store, request, found);
    for (const kind of dimensionKinds) created[kind].push(...made[kind]);
    cursor = page.next;
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
