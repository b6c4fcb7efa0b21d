import { lastDayOf } from '../ledger/ledger-dates';
import { formatAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { endGrantWithOwner, readOwnerBalances, type OwnerBalances } from './across-tenants';
import type { PortfolioDependencies } from './portfolio-dependencies';
import { shareType, type Share } from './portfolio-documents';
import type { PortfolioStore } from './portfolio-store';
import type { SharedBalances, ShareView } from './schemas';

const view = (share: Stored<Share>): ShareView => ({
  id: share.id,
  owner: { name: share.ownerName },
  allowMonthToDate: share.allowMonthToDate,
  status: share.status,
  grantedAt: share.grantedAt,
  endedAt: share.endedAt,
});

/** The organisations sharing their balances with the caller's, newest first. */
export async function listShares(deps: PortfolioDependencies, context: TenantContext): Promise<{ items: ShareView[] }> {
  const shares = await deps.storeFor(context).listShares();
  return { items: shares.map(view) };
}

async function requireShare(store: PortfolioStore, id: string): Promise<Stored<Share>> {
  const share = await store.findShare(id);
  if (!share) throw new NotFoundError(`No ${shareType} with id ${id}`);
  return share;
}

/** The requester ends its own access: the owner's grant first (it decides), then its own share. */
export async function endShare(deps: PortfolioDependencies, context: TenantContext, id: string): Promise<ShareView> {
  const store = deps.storeFor(context);
  const share = await requireShare(store, id);
  if (share.status !== 'active') throw new ConflictError(`This share is already ${share.status}`);
  await endGrantWithOwner(deps, context, share);
  const ended = await retryOnConflict('The share', async () => {
    const current = await requireShare(store, id);
    return store.saveShare(
      current,
      { ...current, status: 'ended', endedAt: deps.clock.now().toISOString() },
      { action: 'portfolio.share-ended', target: { type: shareType, id }, details: { owner: share.ownerName } },
    );
  });
  return view(ended);
}

/** The date a month's balances are read at: its last day, or today while it is still running. */
export function balanceDate(month: string, today: string): { asOf: string; monthToDate: boolean } {
  if (month > today.slice(0, 7))
    throw new ValidationError('That month has not begun', [{ field: 'month', reason: 'a month up to this one' }]);
  const last = lastDayOf(month);
  return last <= today ? { asOf: last, monthToDate: false } : { asOf: today, monthToDate: true };
}

/**
 * One owner's balances through the cross-tenant reader (which checks the grant in the owner's
 * partition and records the read there), recorded in the caller's audit log too.
 */
async function readShare(
  deps: PortfolioDependencies,
  context: TenantContext,
  share: Stored<Share>,
  month: string,
): Promise<OwnerBalances & { asOf: string; monthToDate: boolean }> {
  if (share.status !== 'active') throw new NotFoundError('No such share');
  const { asOf, monthToDate } = balanceDate(month, deps.clock.now().toISOString().slice(0, 10));
  const balances = await readOwnerBalances(deps, context, share, { month, asOf, monthToDate });
  await deps.storeFor(context).appendAudit({
    action: 'portfolio.balances-read',
    target: { type: shareType, id: share.id },
    details: { owner: share.ownerName, month, asOf },
  });
  return { ...balances, asOf, monthToDate };
}

export async function sharedBalances(
  deps: PortfolioDependencies,
  context: TenantContext,
  id: string,
  month: string,
): Promise<SharedBalances> {
  const share = await requireShare(deps.storeFor(context), id);
  const read = await readShare(deps, context, share, month);
  return {
    owner: { name: share.ownerName },
    month,
    asOf: read.asOf,
    monthToDate: read.monthToDate,
    currency: read.currency,
    accounts: read.accounts.map((account) => ({ ...account, balance: formatAmount(account.balance, read.currency) })),
  };
}
