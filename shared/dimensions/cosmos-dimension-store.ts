import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { readStoredOrganization } from '../platform/organization/organization-store';
import { processedBefore, processOnce } from '../platform/queues/process-once';
import type { MigrationCursor, MigrationProgress, MigrationStore } from './dimension-store';
import { dimensionDocumentId, type Dimension } from './dimensions';
import { taggedDocumentTypes, tagsOf, type TaggedDocument } from './tagged-documents';

const progressType = 'dimension-migration-progress';
const progressId = (request: string) => `progress-${request}`;

/** After a page of the type at `typeIndex`: its next page, else the next type's first, else the end. */
function nextCursor(typeIndex: number, continuationToken: string | undefined): MigrationCursor | null {
  if (continuationToken) return { typeIndex, continuationToken };
  return typeIndex + 1 < taggedDocumentTypes.length ? { typeIndex: typeIndex + 1, continuationToken: null } : null;
}

/**
 * The lists over the organisation's partition: an entry's document type is its kind and its id
 * derives from kind and code, so a create of a code already there fails whoever runs it (a
 * second admin, a migration that died half-way) instead of writing it twice.
 */
export function cosmosDimensionStore(deps: DomainDependencies, context: TenantContext): MigrationStore {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  return {
    listEntries: (kind) => repository.queryAll<Dimension>(kind, { orderBy: 'c.code ASC' }),
    findEntry: (kind, code) => repository.find<Dimension>(kind, dimensionDocumentId(kind, code)),
    createEntry: (kind, entry, audit) =>
      repository.transaction().create(kind, dimensionDocumentId(kind, entry.code), entry).commitWithAudit(audit),
    replaceEntry: (current, next, audit) => repository.transaction().replace(current, next).commitWithAudit(audit),

    readOrganization: () => readStoredOrganization(repository),
    async readTaggedPage({ typeIndex, continuationToken }, pageSize) {
      const type = taggedDocumentTypes[typeIndex]!;
      const page = await repository.query<TaggedDocument>(type, {
        maxItemCount: pageSize,
        ...(continuationToken ? { continuationToken } : {}),
      });
      return {
        type,
        documents: page.items.length,
        tags: page.items.flatMap(tagsOf),
        next: nextCursor(typeIndex, page.continuationToken),
      };
    },
    findProgress: (request) => repository.find<MigrationProgress>(progressType, progressId(request)),
    async saveProgress(request, current, next) {
      if (current) await repository.replace<MigrationProgress>(current, next);
      else await repository.create<MigrationProgress>(progressType, progressId(request), next);
    },
    completedBefore: (queue, request) => processedBefore(deps.container, context, queue, request),
    async complete(queue, request, message, totals, audit) {
      const outcome = await processOnce(deps.container, context, queue, request, message, async (tx, repo) => {
        await stageAuditRecord(repo, tx, context, audit, deps.clock.now());
        return totals;
      });
      return { replayed: outcome.replayed };
    },
  };
}
