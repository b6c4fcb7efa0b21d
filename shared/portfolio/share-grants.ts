import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, DocumentChangedError, ForbiddenError, NotFoundError } from '../platform/errors';
import { recordEndWithRequester, recordGrantWithRequester } from './across-tenants';
import { countCodeAttempt } from './code-attempts';
import type { PortfolioDependencies } from './portfolio-dependencies';
import { grantType, shareCodeType, type Grant } from './portfolio-documents';
import type { PortfolioStore, StoredShareCode } from './portfolio-store';
import type { GrantInput, GrantPreview, GrantView } from './schemas';
import { shareCodeDocumentId, shareCodeHash } from './share-codes';

/** Granting is a sensitive act: the admin must have signed in this recently (not merely been active). */
export const recentSignInMinutes = 10;

/** Wrong, expired, used or its own: one answer, so a guesser learns nothing about which. */
const refusal = () => new NotFoundError('No open share request matches this code');

const view = (grant: Stored<Grant>): GrantView => ({
  id: grant.id,
  requester: { name: grant.requesterName },
  allowMonthToDate: grant.allowMonthToDate,
  status: grant.status,
  grantedAt: grant.grantedAt,
  endedAt: grant.endedAt,
});

/** Counts the attempt, then finds the code's open request; a refusal is audited with its real reason. */
async function openRequestFor(
  deps: PortfolioDependencies,
  context: TenantContext,
  store: PortfolioStore,
  pasted: string,
): Promise<StoredShareCode> {
  const refuse = async (reason: string, error: Error = refusal()): Promise<never> => {
    await store.appendAudit({
      action: 'portfolio.code-refused',
      target: { type: shareCodeType, id: 'share-code' },
      details: { reason },
    });
    throw error;
  };
  await countCodeAttempt(deps.codes, deps.clock, context).catch((error: Error) => refuse('rate-limited', error));
  const found = await deps.codes.findCode(shareCodeDocumentId(shareCodeHash(pasted)));
  if (!found) return refuse('unknown');
  if (found.usedAt) return refuse('used');
  if (found.expiresAt <= deps.clock.now().toISOString()) return refuse('expired');
  if (found.requesterTenantId === context.tenantId) return refuse('own organisation');
  return found;
}

function requireRecentSignIn(deps: PortfolioDependencies, signedInAt: string | undefined): void {
  const since = deps.clock.now().getTime() - recentSignInMinutes * 60_000;
  if (!signedInAt || Date.parse(signedInAt) < since)
    throw new ForbiddenError(`Sharing needs a sign-in within the last ${recentSignInMinutes} minutes: sign in again`);
}

/** What the owner's admin sees before confirming: who asks, and exactly what they will see. */
export async function previewGrant(
  deps: PortfolioDependencies,
  context: TenantContext,
  input: Pick<GrantInput, 'code' | 'allowMonthToDate'>,
): Promise<GrantPreview> {
  const store = deps.storeFor(context);
  const request = await openRequestFor(deps, context, store, input.code);
  const accounts = await store.chartAccounts();
  return {
    requester: { name: request.requesterName },
    expiresAt: request.expiresAt,
    sees: {
      what: `Account code, name, type and balance of every account in your general ledger, at each month end${input.allowMonthToDate ? ' and month to date' : ''}; no entries, lines, memos, payables, receivables, banking, members or documents. You can revoke at any time.`,
      monthEnds: true,
      monthToDate: input.allowMonthToDate,
      accounts,
    },
  };
}

/** The owner's affirmative act: the code is used up, the grant made here, the requester told. */
export async function grantShare(
  deps: PortfolioDependencies,
  context: TenantContext,
  signedInAt: string | undefined,
  input: GrantInput,
): Promise<GrantView> {
  requireRecentSignIn(deps, signedInAt);
  const store = deps.storeFor(context);
  const request = await openRequestFor(deps, context, store, input.code);
  const active = await store.listGrants({ activeTo: request.requesterTenantId });
  if (active.length > 0) throw new ConflictError(`You already share your balances with ${request.requesterName}`);
  const now = deps.clock.now().toISOString();
  // Used up first, under its ETag: two admins pasting one code at once make one grant, never two.
  await deps.codes.useCode(request, now).catch((error: unknown) => {
    throw error instanceof DocumentChangedError ? refusal() : error;
  });
  const { name: ownerName } = await store.readOrganization();
  const id = `portfolio-grant-${deps.ids.newId()}`;
  const grant: Grant = {
    requesterTenantId: request.requesterTenantId,
    requesterName: request.requesterName,
    requestId: request.requestId,
    allowMonthToDate: input.allowMonthToDate,
    status: 'active',
    grantedAt: now,
    endedAt: null,
  };
  const details = { requester: request.requesterName, allowMonthToDate: input.allowMonthToDate };
  const stored = await retryOnConflict('The grant', () =>
    store.addGrant(id, grant, { action: 'portfolio.share-granted', target: { type: grantType, id }, details }),
  );
  await recordGrantWithRequester(deps, context, stored, ownerName);
  return view(stored);
}

export async function listGrants(deps: PortfolioDependencies, context: TenantContext): Promise<{ items: GrantView[] }> {
  const grants = await deps.storeFor(context).listGrants();
  return { items: grants.map(view) };
}

/** The owner's switch: unilateral, at once (every read checks the grant), the requester told. */
export async function revokeGrant(deps: PortfolioDependencies, context: TenantContext, id: string): Promise<GrantView> {
  const store = deps.storeFor(context);
  const revoked = await retryOnConflict('The grant', async () => {
    const grant = await store.findGrant(id);
    if (!grant) throw new NotFoundError(`No ${grantType} with id ${id}`);
    if (grant.status !== 'active') throw new ConflictError(`This share is already ${grant.status}`);
    const next: Grant = { ...grant, status: 'revoked', endedAt: deps.clock.now().toISOString() };
    return store.saveGrant(grant, next, {
      action: 'portfolio.share-revoked',
      target: { type: grantType, id },
      details: { requester: grant.requesterName },
    });
  });
  const { name } = await store.readOrganization();
  await recordEndWithRequester(deps, context, revoked, name);
  return view(revoked);
}
