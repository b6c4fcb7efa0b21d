import type { TenantContext } from '../platform/actor';
import type { Restrictions } from '../platform/auth/restrictions';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ValidationError, type FieldProblem } from '../platform/errors';
import type { DimensionStore } from './dimension-store';
import { dimensionDocumentId, dimensionLabel, type Dimension } from './dimensions';
import { dimensionsDependencies } from './dimensions-dependencies';
import { dimensionKinds, type DimensionKind } from './schemas';

/** What a line (or an account, a bill, a customer) carries: the codes of its facility and division list entries. */
export interface DimensionTags {
  readonly facility?: string | null;
  readonly division?: string | null;
}

interface Reference {
  readonly kind: DimensionKind;
  readonly code: string;
  readonly field: string;
}

const fieldName = (prefix: string, kind: DimensionKind) => (prefix ? `${prefix}.${kind}` : kind);

/**
 * The check every domain runs before it writes records that carry a facility or division: each
 * one named must be an entry of the organisation's list, and active. An unknown or inactive one
 * is a 400 naming the field (`lines.2.facility`: no such facility). Records without tags cost
 * nothing; otherwise one point read per distinct code. `fieldOf` names a record's place in the
 * request (lines by default; `() => ''` for a single record such as an account or a vendor).
 *
 * What is already stored (posted entries, closed snapshots) is never checked again: deactivating
 * an entry stops new use, history keeps its tags. Every domain that writes tags calls this with
 * the storage its own dependencies stand on, so the lists' store is composed here for it.
 */
export function requireActiveDimensions(
  deps: DomainDependencies,
  context: TenantContext,
  records: readonly DimensionTags[],
  fieldOf: (index: number) => string = (index) => `lines.${index}`,
): Promise<void> {
  const references = records.flatMap((record, index) =>
    dimensionKinds.flatMap((kind) => {
      const code = record[kind];
      return typeof code === 'string' ? [{ kind, code, field: fieldName(fieldOf(index), kind) }] : [];
    }),
  );
  return requireActive(dimensionsDependencies(deps).storeFor(context), references);
}

/** The same check for a member's restrictions: each facility and division they are limited to must be on the lists. */
export function requireActiveRestrictions(
  deps: DomainDependencies,
  context: TenantContext,
  restrictions: Restrictions,
): Promise<void> {
  const references = [
    ...(restrictions.facilities ?? []).map((code, i) => ({
      kind: 'facility' as const,
      code,
      field: `facilities.${i}`,
    })),
    ...(restrictions.divisions ?? []).map((code, i) => ({ kind: 'division' as const, code, field: `divisions.${i}` })),
  ];
  return requireActive(dimensionsDependencies(deps).storeFor(context), references);
}

async function requireActive(store: DimensionStore, references: readonly Reference[]): Promise<void> {
  if (references.length === 0) return;
  const wanted = new Map(references.map((r) => [dimensionDocumentId(r.kind, r.code), r]));
  const found = new Map<string, Dimension>();
  await Promise.all(
    [...wanted].map(async ([id, { kind, code }]) => {
      const entry = await store.findEntry(kind, code);
      if (entry) found.set(id, entry);
    }),
  );
  const problems: FieldProblem[] = references.flatMap(({ kind, code, field }) => {
    const entry = found.get(dimensionDocumentId(kind, code));
    if (!entry) return [{ field, reason: `no ${dimensionLabel[kind]} with the code ${code}` }];
    return entry.active ? [] : [{ field, reason: `the ${dimensionLabel[kind]} ${code} is inactive` }];
  });
  if (problems.length > 0)
    throw new ValidationError('Facilities and divisions must be active entries of their lists', problems);
}
