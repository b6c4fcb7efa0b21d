import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import type { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { dimensionDocumentId, dimensionRepository, requireUnrestricted, type Dimension } from './dimensions';
import type { DimensionKind, DimensionMigrationResult } from './schemas';
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

interface ValuesInUse {
  readonly values: Record<DimensionKind, Set<string>>;
  readonly documentsRead: Record<string, number>;
}

/** Every non-empty facility and division named by the documents that carry them, and how many of each type were read. */
async function valuesInUse(repository: TenantRepository): Promise<ValuesInUse> {
  const values = { facility: new Set<string>(), division: new Set<string>() };
  const documentsRead: Record<string, number> = {};
  for (const type of taggedDocumentTypes) {
    documentsRead[type] = 0;
    let continuationToken: string | undefined;
    do {
      const page = await repository.query<TaggedDocument>(type, {
        maxItemCount: pageSize,
        ...(continuationToken ? { continuationToken } : {}),
      });
      for (const document of page.items) for (const { kind, code } of tagsOf(document)) values[kind].add(code);
      documentsRead[type] += page.items.length;
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }
  return { values, documentsRead };
}

/**
 * Turns the free text organisations typed before the lists existed into list entries: each value
 * found becomes an active entry whose code (and first name) is that value, so everything already
 * stored, posted entries included (never rewritten), names an entry. A value already on a list is
 * left alone (an inactive entry stays inactive), so running it again creates nothing. Each entry
 * is created with its audit record in one batch, under an id derived from kind and code: a run
 * that died half-way, or two running at once, never create an entry or its record twice, and the
 * next run finishes the rest.
 */
export async function migrateDimensions(
  deps: MigrationDependencies,
  context: TenantContext,
  request?: MigrationRequest,
): Promise<DimensionMigrationResult> {
  requireUnrestricted(context, 'facility');
  const repository = dimensionRepository(deps, context);
  const { values, documentsRead } = await valuesInUse(repository);
  const created: Record<DimensionKind, string[]> = { facility: [], division: [] };
  for (const kind of ['facility', 'division'] as const)
    for (const code of [...values[kind]].sort()) {
      const id = dimensionDocumentId(kind, code);
      const made = await retryOnConflict(`The ${kind} list`, async () => {
        if (await repository.find<Dimension>(kind, id)) return false;
        const transaction = repository.transaction().create<Dimension>(kind, id, { code, name: code, active: true });
        const details = { code, ...(request ? { request: request.request, requestedBy: request.requestedBy } : {}) };
        const audit = { action: `settings.${kind}-migrated`, target: { type: kind, id: code }, details };
        await stageAuditRecord(repository, transaction, context, audit, deps.clock.now());
        await transaction.commit();
        return true;
      });
      if (made) {
        created[kind].push(code);
        deps.atBoundary?.(`created:${kind}:${code}`);
      }
    }
  return { created: { facilities: created.facility, divisions: created.division }, documentsRead };
}
