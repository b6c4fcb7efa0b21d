import { balancesAsOf } from '../ledger/balance-snapshots';
import type { AccountType } from '../ledger/schemas';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ForbiddenError, NotFoundError } from '../platform/errors';
import type { PortfolioDependencies } from './portfolio-dependencies';
import { grantType, shareType, type Grant, type Share } from './portfolio-documents';
import type { OwnerPartition } from './portfolio-store';

/**
 * What is done in another organisation's partition (architecture guide, section 7), and only
 * this: telling the requester a grant was made or revoked, telling the owner the requester ended
 * its share, and reading the owner's account balances, which happens only after the grant is
 * found active in the OWNER's partition, on every read. The partitions themselves are reached
 * through the store's one path (cosmos-across-tenants-store.ts).
 */

/** The requester's half of a grant the owner just made: its share, its request used, its audit record. */
export async function recordGrantWithRequester(
  deps: PortfolioDependencies,
  owner: TenantContext,
  grant: Stored<Grant>,
  ownerName: string,
): Promise<void> {
  const requester = deps.acrossTenants.requesterOf(grant, owner);
  const shareId = `portfolio-share-${deps.ids.newId()}`;
  await retryOnConflict('The share', async () => {
    const share: Share = {
      ownerTenantId: owner.tenantId,
      ownerName,
      grantId: grant.id,
      allowMonthToDate: grant.allowMonthToDate,
      status: 'active',
      grantedAt: grant.grantedAt,
      endedAt: null,
    };
    const request = await requester.findRequest(grant.requestId);
    await requester.addShare(
      shareId,
      share,
      request && { current: request, next: { ...request, status: 'used', usedAt: grant.grantedAt } },
      {
        action: 'portfolio.share-granted',
        target: { type: shareType, id: shareId },
        details: { owner: ownerName, allowMonthToDate: grant.allowMonthToDate },
      },
    );
  });
}

/** Marks the requester's share of a grant revoked (or ended), with its audit record. */
export async function recordEndWithRequester(
  deps: PortfolioDependencies,
  owner: TenantContext,
  grant: Stored<Grant>,
  ownerName: string,
): Promise<void> {
  const requester = deps.acrossTenants.requesterOf(grant, owner);
  await retryOnConflict('The share', async () => {
    const share = await requester.findShareOf(grant.id);
    if (!share || share.status !== 'active') return;
    await requester.saveShare(
      share,
      { ...share, status: grant.status, endedAt: grant.endedAt },
      { action: 'portfolio.share-revoked', target: { type: shareType, id: share.id }, details: { owner: ownerName } },
    );
  });
}

/** The active grant behind a share, read in the owner's partition; anything else is "no such share". */
async function activeGrant(owner: OwnerPartition, requester: TenantContext, share: Share): Promise<Stored<Grant>> {
  const grant = await owner.findGrant(share.grantId);
  if (!grant || grant.status !== 'active' || grant.requesterTenantId !== requester.tenantId)
    throw new NotFoundError('No such share');
  return grant;
}

/** The requester ends its own access: the owner's grant is ended, with a record in the owner's log. */
export async function endGrantWithOwner(
  deps: PortfolioDependencies,
  requester: TenantContext,
  share: Share,
): Promise<void> {
  const owner = deps.acrossTenants.ownerOf(share, requester);
  await retryOnConflict('The grant', async () => {
    const grant = await activeGrant(owner, requester, share).catch(() => undefined);
    if (!grant) return;
    const endedAt = deps.clock.now().toISOString();
    await owner.saveGrant(
      grant,
      { ...grant, status: 'ended', endedAt },
      {
        action: 'portfolio.share-ended',
        target: { type: grantType, id: grant.id },
        details: { requester: grant.requesterName },
      },
    );
  });
}

export interface OwnerBalances {
  readonly currency: string;
  readonly accounts: ReadonlyArray<{ code: string; name: string; type: AccountType; balance: bigint }>;
}

/**
 * The owner's general-ledger balances as of a date, and nothing else: account code, name, type
 * and balance. The grant is checked in the owner's partition first, every time, so a revocation
 * stops the very next read; month to date only where the owner allowed it. The read is recorded
 * in the owner's audit log here (the requester's own log is written by the caller).
 */
export async function readOwnerBalances(
  deps: PortfolioDependencies,
  requester: TenantContext,
  share: Share,
  read: { readonly month: string; readonly asOf: string; readonly monthToDate: boolean },
): Promise<OwnerBalances> {
  const owner = deps.acrossTenants.ownerOf(share, requester);
  const grant = await activeGrant(owner, requester, share);
  if (read.monthToDate && !grant.allowMonthToDate)
    throw new ForbiddenError('The owner shares month-end balances only, not month to date');
  const { figures } = owner;
  const [{ baseCurrency }, accounts, balances] = await Promise.all([
    figures.readBooks(),
    figures.listAccounts(),
    balancesAsOf(figures, read.asOf),
  ]);
  await owner.appendAudit({
    action: 'portfolio.balances-read',
    target: { type: grantType, id: grant.id },
    details: { requester: grant.requesterName, month: read.month, asOf: read.asOf },
  });
  return {
    currency: baseCurrency,
    accounts: accounts
      .filter((account) => !account.deleted)
      .map((account) => ({
        code: account.code,
        name: account.name,
        type: account.accountType,
        balance: balances.get(account.id) ?? 0n,
      })),
  };
}
