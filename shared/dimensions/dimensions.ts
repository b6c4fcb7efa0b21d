import { createHash } from 'node:crypto';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { Restrictions } from '../platform/auth/restrictions';
import { TenantRepository } from '../platform/data/tenant-repository';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ConflictError, ForbiddenError } from '../platform/errors';
import {
  dimensionView,
  type DimensionChanges,
  type DimensionKind,
  type DimensionView,
  type NewDimension,
} from './schemas';

/** One entry of an organisation's facility or division list; the document type is its kind. */
export interface Dimension {
  readonly code: string;
  readonly name: string;
  readonly active: boolean;
}

// Ids may hold 200 characters (recordIdPattern); a 100-character code in a non-Latin script is
// up to 400 UTF-8 bytes, 534 in base64url.
const longestEncodedCode = 180;

/**
 * Codes may hold characters no document id may (the free text they replace held anything), so
 * the document id carries the code in base64url: one document per code, found by a point read. A
 * code too long for that is named by its SHA-256 instead (the entry still holds the code itself).
 */
export function dimensionDocumentId(kind: DimensionKind, code: string): string {
  const encoded = Buffer.from(code, 'utf8').toString('base64url');
  if (encoded.length <= longestEncodedCode) return `${kind}-${encoded}`;
  return `${kind}-sha256-${createHash('sha256').update(code, 'utf8').digest('base64url')}`;
}

export const dimensionLabel: Record<DimensionKind, string> = { facility: 'facility', division: 'division' };

const view = (entry: Dimension): DimensionView => dimensionView.parse(entry);

export const dimensionRepository = (deps: DomainDependencies, context: TenantContext) =>
  new TenantRepository(deps.container, context, deps.clock);

const allowedBy = (restrictions: Restrictions | undefined, kind: DimensionKind) =>
  kind === 'facility' ? restrictions?.facilities : restrictions?.divisions;

/** The lists speak for the whole organisation: a member restricted to some facilities or divisions does not change them. */
export function requireUnrestricted(context: TenantContext, kind: DimensionKind): void {
  if (context.restrictions?.facilities !== undefined || context.restrictions?.divisions !== undefined)
    throw new ForbiddenError(
      `The ${dimensionLabel[kind]} list is the whole organisation's: a member restricted to some facilities or divisions cannot change it`,
    );
}

/** The entries of one list in code order; a restricted member sees only the ones they may use. */
export async function listDimensions(
  deps: DomainDependencies,
  context: TenantContext,
  kind: DimensionKind,
  options: { includeInactive?: boolean } = {},
): Promise<DimensionView[]> {
  const entries = await dimensionRepository(deps, context).queryAll<Dimension>(kind, { orderBy: 'c.code ASC' });
  const allowed = allowedBy(context.restrictions, kind);
  return entries
    .filter((entry) => (options.includeInactive || entry.active) && (!allowed || allowed.includes(entry.code)))
    .map(view);
}

export async function createDimension(
  deps: DomainDependencies,
  context: TenantContext,
  kind: DimensionKind,
  input: NewDimension,
): Promise<DimensionView> {
  requireUnrestricted(context, kind);
  const repository = dimensionRepository(deps, context);
  const id = dimensionDocumentId(kind, input.code);
  const entry: Dimension = { code: input.code, name: input.name, active: true };
  return retryOnConflict(`The ${dimensionLabel[kind]} list`, async () => {
    if (await repository.find<Dimension>(kind, id))
      throw new ConflictError(`The ${dimensionLabel[kind]} ${input.code} already exists`);
    const transaction = repository.transaction().create(kind, id, entry);
    const details = { code: input.code, name: input.name };
    const audit = { action: `settings.${kind}-created`, target: { type: kind, id: input.code }, details };
    await stageAuditRecord(repository, transaction, context, audit, deps.clock.now());
    await transaction.commit();
    return view(entry);
  });
}

/** Renames, deactivates or reactivates an entry; the code never changes (lines carry it). Audited with old and new values. */
export async function changeDimension(
  deps: DomainDependencies,
  context: TenantContext,
  kind: DimensionKind,
  code: string,
  changes: DimensionChanges,
): Promise<DimensionView> {
  requireUnrestricted(context, kind);
  const repository = dimensionRepository(deps, context);
  return retryOnConflict(`The ${dimensionLabel[kind]} ${code}`, async () => {
    const current: Stored<Dimension> = await repository.get<Dimension>(kind, dimensionDocumentId(kind, code));
    const next: Dimension = {
      code: current.code,
      name: changes.name ?? current.name,
      active: changes.active ?? current.active,
    };
    const transaction = repository.transaction().replace(current, next);
    const details = { from: JSON.stringify(view(current)), to: JSON.stringify(view(next)) };
    const audit = { action: `settings.${kind}-changed`, target: { type: kind, id: code }, details };
    await stageAuditRecord(repository, transaction, context, audit, deps.clock.now());
    await transaction.commit();
    return view(next);
  });
}
