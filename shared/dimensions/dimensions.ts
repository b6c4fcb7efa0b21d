import { createHash } from 'node:crypto';
import type { TenantContext } from '../platform/actor';
import type { Restrictions } from '../platform/auth/restrictions';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ForbiddenError, NotFoundError } from '../platform/errors';
import type { DimensionsDependencies } from './dimensions-dependencies';
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
  deps: DimensionsDependencies,
  context: TenantContext,
  kind: DimensionKind,
  options: { includeInactive?: boolean } = {},
): Promise<DimensionView[]> {
  const entries = await deps.storeFor(context).listEntries(kind);
  const allowed = allowedBy(context.restrictions, kind);
  return entries
    .filter((entry) => (options.includeInactive || entry.active) && (!allowed || allowed.includes(entry.code)))
    .map(view);
}

export async function createDimension(
  deps: DimensionsDependencies,
  context: TenantContext,
  kind: DimensionKind,
  input: NewDimension,
): Promise<DimensionView> {
  requireUnrestricted(context, kind);
  const store = deps.storeFor(context);
  const entry: Dimension = { code: input.code, name: input.name, active: true };
  return retryOnConflict(`The ${dimensionLabel[kind]} list`, async () => {
    if (await store.findEntry(kind, input.code))
      throw new ConflictError(`The ${dimensionLabel[kind]} ${input.code} already exists`);
    const details = { code: input.code, name: input.name };
    await store.createEntry(kind, entry, {
      action: `settings.${kind}-created`,
      target: { type: kind, id: input.code },
      details,
    });
    return view(entry);
  });
}

/** Renames, deactivates or reactivates an entry; the code never changes (lines carry it). Audited with old and new values. */
export async function changeDimension(
  deps: DimensionsDependencies,
  context: TenantContext,
  kind: DimensionKind,
  code: string,
  changes: DimensionChanges,
): Promise<DimensionView> {
  requireUnrestricted(context, kind);
  const store = deps.storeFor(context);
  return retryOnConflict(`The ${dimensionLabel[kind]} ${code}`, async () => {
    const current = await store.findEntry(kind, code);
    if (!current) throw new NotFoundError(`No ${kind} with id ${dimensionDocumentId(kind, code)}`);
    const next: Dimension = {
      code: current.code,
      name: changes.name ?? current.name,
      active: changes.active ?? current.active,
    };
    const details = { from: JSON.stringify(view(current)), to: JSON.stringify(view(next)) };
    await store.replaceEntry(current, next, {
      action: `settings.${kind}-changed`,
      target: { type: kind, id: code },
      details,
    });
    return view(next);
  });
}
