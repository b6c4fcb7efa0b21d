import { accountType, type Account } from '../ledger/accounts';
import type { TenantContext } from '../platform/actor';
import { appendAuditRecord, stageAuditRecord } from '../platform/audit/audit-log';
import type { PlatformDocument } from '../platform/data/platform-repository';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository } from '../platform/data/tenant-repository';
import type { PlatformDependencies } from '../platform/domain-dependencies';
import { ConflictError, DocumentChangedError, ForbiddenError, NotFoundError } from '../platform/errors';
import { requireOrganization } from '../platform/organization/organization-store';
import { recordEndWithRequester, recordGrantWithRequester } from './across-tenants';
import { countCodeAttempt } from './code-attempts';
import { grantType, shareCodeType, type Grant, type ShareCode } from './portfolio-documents';
import { openPortfolio } from './portfolio-repository';
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
  deps: PlatformDependencies,
  context: TenantContext,
  repository: TenantRepository,
  pasted: string,
): Promise<PlatformDocument<ShareCode>> {
  const refuse = async (reason: string, error: Error = refusal()): Promise<never> => {
    await appendAuditRecord(
      repository,
      context,
      { action: 'portfolio.code-refused', target: { type: shareCodeType, id: 'share-code' }, details: { reason } },
      () => deps.clock.now(),
    );
    throw error;
  };
  await countCodeAttempt(deps.platform, deps.clock, context).catch((error: Error) => refuse('rate-limited', error));
  const found = await deps.platform.find<ShareCode>(shareCodeDocumentId(shareCodeHash(pasted)));
  if (!found) return refuse('unknown');
  if (found.usedAt) return refuse('used');
  if (found.expiresAt <= deps.clock.now().toISOString()) return refuse('expired');
  if (found.requesterTenantId === context.tenantId) return refuse('own organisation');
  return found;
}

function requireRecentSignIn(deps: PlatformDependencies, signedInAt: string | undefined): void {
  const since = deps.clock.now().getTime() - recentSignInMinutes * 60_000;
  if (!signedInAt || Date.parse(signedInAt) < since)
    throw new ForbiddenError(`Sharing needs a sign-in within the last ${recentSignInMinutes} minutes: sign in again`);
}

/** What the owner's admin sees before confirming: who asks, and exactly what they will see. */
export async function previewGrant(
  deps: PlatformDependencies,
  context: TenantContext,
  input: Pick<GrantInput, 'code' | 'allowMonthToDate'>,
): Promise<GrantPreview> {
  const repository = openPortfolio(deps, context);
  const request = await openRequestFor(deps, context, repository, input.code);
  const accounts = await repository.queryAll<Account>(accountType, { orderBy: 'c.code ASC' });
  return {
    requester: { name: request.requesterName },
    expiresAt: request.expiresAt,
    sees: {
      what: `Account code, name, type and balance of every account in your general ledger, at each month end${input.allowMonthToDate ? ' and month to date' : ''}; no entries, lines, memos, payables, receivables, banking, members or documents. You can revoke at any time.`,
      monthEnds: true,
      monthToDate: input.allowMonthToDate,
      accounts: accounts
        .filter((account) => !account.deleted)
        .map((account) => ({ code: account.code, name: account.name, type: account.accountType })),
    },
  };
}

/** The owner's affirmative act: the code is used up, the grant made here, the requester told. */
export async function grantShare(
  deps: PlatformDependencies,
  context: TenantContext,
  signedInAt: string | undefined,
  input: GrantInput,
): Promise<GrantView> {
  requireRecentSignIn(deps, signedInAt);
  const repository = openPortfolio(deps, context);
  const request = await openRequestFor(deps, context, repository, input.code);
  const active = await repository.queryAll<Grant>(grantType, {
    where: "c.requesterTenantId = @requester AND c.status = 'active'",
    parameters: [{ name: '@requester', value: request.requesterTenantId }],
  });
  if (active.length > 0) throw new ConflictError(`You already share your balances with ${request.requesterName}`);
  const now = deps.clock.now().toISOString();
  // Used up first, under its ETag: two admins pasting one code at once make one grant, never two.
  await deps.platform.replace<ShareCode>(request, { ...request, usedAt: now }).catch((error: unknown) => {
    throw error instanceof DocumentChangedError ? refusal() : error;
  });
  const { name: ownerName } = await requireOrganization(repository);
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
  await retryOnConflict('The grant', async () => {
    const transaction = repository.transaction();
    transaction.create<Grant>(grantType, id, grant);
    const details = { requester: request.requesterName, allowMonthToDate: input.allowMonthToDate };
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action: 'portfolio.share-granted', target: { type: grantType, id }, details },
      deps.clock.now(),
    );
    await transaction.commit();
  });
  const stored = await repository.get<Grant>(grantType, id);
  await recordGrantWithRequester(deps, context, stored, ownerName);
  return view(stored);
}

export async function listGrants(deps: PlatformDependencies, context: TenantContext): Promise<{ items: GrantView[] }> {
  const grants = await openPortfolio(deps, context).queryAll<Grant>(grantType, { orderBy: 'c.grantedAt DESC' });
  return { items: grants.map(view) };
}

/** The owner's switch: unilateral, at once (every read checks the grant), the requester told. */
export async function revokeGrant(deps: PlatformDependencies, context: TenantContext, id: string): Promise<GrantView> {
  const repository = openPortfolio(deps, context);
  const revoked = await retryOnConflict('The grant', async () => {
    const grant = await repository.get<Grant>(grantType, id);
    if (grant.status !== 'active') throw new ConflictError(`This share is already ${grant.status}`);
    const now = deps.clock.now();
    const next: Grant = { ...grant, status: 'revoked', endedAt: now.toISOString() };
    const transaction = repository.transaction().replace<Grant>(grant, next);
    const entry = {
      action: 'portfolio.share-revoked',
      target: { type: grantType, id },
      details: { requester: grant.requesterName },
    };
    await stageAuditRecord(repository, transaction, context, entry, now);
    await transaction.commit();
    return repository.get<Grant>(grantType, id);
  });
  const { name } = await requireOrganization(repository);
  await recordEndWithRequester(deps, context, revoked, name);
  return view(revoked);
}
