import { lastDayOf } from '../ledger/ledger-dates';
import { formatAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { appendAuditRecord, stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { endGrantWithOwner, readOwnerBalances, type OwnerBalances } from './across-tenants';
import { shareType, type Share } from './portfolio-documents';
import { openPortfolio } from './portfolio-repository';
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
export async function listShares(deps: DomainDependencies, context: TenantContext): Promise<{ items: ShareView[] }> {
  const shares = await openPortfolio(deps, context).queryAll<Share>(shareType, { orderBy: 'c.grantedAt DESC' });
  return { items: shares.map(view) };
}

/** The caller's active shares, for the consolidation. */
export async function activeShares(deps: DomainDependencies, context: TenantContext): Promise<Stored<Share>[]> {
  return openPortfolio(deps, context).queryAll<Share>(shareType, {
    where: "c.status = 'active'",
    orderBy: 'c.grantedAt ASC',
  });
}

/** The requester ends its own access: the owner's grant first (it decides), then its own share. */
export async function endShare(deps: DomainDependencies, context: TenantContext, id: string): Promise<ShareView> {
  const repository = openPortfolio(deps, context);
  const share = await repository.get<Share>(shareType, id);
  if (share.status !== 'active') throw new ConflictError(`This share is already ${share.status}`);
  await endGrantWithOwner(deps, context, share);
  const ended = await retryOnConflict('The share', async () => {
    const current = await repository.get<Share>(shareType, id);
    const now = deps.clock.now();
    const transaction = repository
      .transaction()
      .replace<Share>(current, { ...current, status: 'ended', endedAt: now.toISOString() });
    const entry = {
      action: 'portfolio.share-ended',
      target: { type: shareType, id },
      details: { owner: share.ownerName },
    };
    await stageAuditRecord(repository, transaction, context, entry, now);
    await transaction.commit();
    return repository.get<Share>(shareType, id);
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
export async function readShare(
  deps: DomainDependencies,
  context: TenantContext,
  share: Stored<Share>,
  month: string,
): Promise<OwnerBalances & { asOf: string; monthToDate: boolean }> {
  if (share.status !== 'active') throw new NotFoundError('No such share');
  const { asOf, monthToDate } = balanceDate(month, deps.clock.now().toISOString().slice(0, 10));
  const balances = await readOwnerBalances(deps, context, share, { month, asOf, monthToDate });
  await appendAuditRecord(
    openPortfolio(deps, context),
    context,
    {
      action: 'portfolio.balances-read',
      target: { type: shareType, id: share.id },
      details: { owner: share.ownerName, month, asOf },
    },
    () => deps.clock.now(),
  );
  return { ...balances, asOf, monthToDate };
}

export async function sharedBalances(
  deps: DomainDependencies,
  context: TenantContext,
  id: string,
  month: string,
): Promise<SharedBalances> {
  const share = await openPortfolio(deps, context).get<Share>(shareType, id);
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
