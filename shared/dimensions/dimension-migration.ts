import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { Restrictions } from '../platform/auth/restrictions';
import { retryOnConflict } from '../platform/data/retry';
import type { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { dimensionDocumentId, dimensionRepository, requireUnrestricted, type Dimension } from './dimensions';
import type { DimensionTags } from './dimension-check';
import type { DimensionKind, DimensionMigrationResult } from './schemas';

// The documents that carried free-text facilities and divisions before the lists existed, by
// their stored type names: the ledger's accounts and entries, identity's members. Named here, not
// imported, because those domains import this module for the check.
const tagged = { accounts: 'account', entries: 'journal-entry', members: 'member' } as const;

async function eachPage<T extends object>(
  repository: TenantRepository,
  type: string,
  visit: (items: readonly T[]) => void,
): Promise<void> {
  let continuationToken: string | undefined;
  do {
    const page = await repository.query<T>(type, {
      maxItemCount: 500,
      ...(continuationToken ? { continuationToken } : {}),
    });
    visit(page.items);
    continuationToken = page.continuationToken;
  } while (continuationToken);
}

/** Every non-empty facility and division named on accounts, entry lines and member restrictions. */
async function valuesInUse(repository: TenantRepository): Promise<Record<DimensionKind, Set<string>>> {
  const values = { facility: new Set<string>(), division: new Set<string>() };
  const note = (record: DimensionTags) => {
    if (record.facility) values.facility.add(record.facility);
    if (record.division) values.division.add(record.division);
  };
  await eachPage<DimensionTags>(repository, tagged.accounts, (accounts) => accounts.forEach(note));
  await eachPage<{ lines?: DimensionTags[] }>(repository, tagged.entries, (entries) =>
    entries.forEach((entry) => (entry.lines ?? []).forEach(note)),
  );
  await eachPage<{ restrictions?: Restrictions }>(repository, tagged.members, (members) =>
    members.forEach(({ restrictions }) => {
      (restrictions?.facilities ?? []).forEach((facility) => note({ facility }));
      (restrictions?.divisions ?? []).forEach((division) => note({ division }));
    }),
  );
  return values;
}

/**
 * Turns the free text organisations typed before the lists existed into list entries: each value
 * found becomes an active entry whose code (and first name) is that value, so everything already
 * stored, posted entries included (never rewritten), names an entry. Values already on a list are
 * left alone, so running it again creates nothing. Each entry is audited as it is created.
 */
export async function migrateDimensions(
  deps: DomainDependencies,
  context: TenantContext,
): Promise<DimensionMigrationResult> {
  requireUnrestricted(context, 'facility');
  const repository = dimensionRepository(deps, context);
  const values = await valuesInUse(repository);
  const created: Record<DimensionKind, string[]> = { facility: [], division: [] };
  for (const kind of ['facility', 'division'] as const)
    for (const code of [...values[kind]].sort()) {
      const id = dimensionDocumentId(kind, code);
      const made = await retryOnConflict(`The ${kind} list`, async () => {
        if (await repository.find<Dimension>(kind, id)) return false;
        const transaction = repository.transaction().create<Dimension>(kind, id, { code, name: code, active: true });
        const audit = { action: `settings.${kind}-migrated`, target: { type: kind, id: code }, details: { code } };
        await stageAuditRecord(repository, transaction, context, audit, deps.clock.now());
        await transaction.commit();
        return true;
      });
      if (made) created[kind].push(code);
    }
  return { created: { facilities: created.facility, divisions: created.division } };
}
