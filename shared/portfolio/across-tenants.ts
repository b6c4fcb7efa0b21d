import { balancesAsOf } from '../ledger/balance-snapshots';
import { ledgerDependencies } from '../ledger/ledger-dependencies';
import type { AccountType } from '../ledger/schemas';
import type { TenantContext } from '../platform/actor';
import { appendAuditRecord, stageAuditRecord } from '../platform/audit/audit-log';
import type { AuditEntry } from '../platform/audit/audit-record';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ForbiddenError, NotFoundError } from '../platform/errors';
import {
  grantType,
  shareRequestType,
  shareType,
  type Grant,
  type Share,
  type ShareRequest,
} from './portfolio-documents';

/**
 * THE ONE PATH ACROSS A TENANT BOUNDARY (architecture guide, section 7). Only this module builds a
 * repository for an organisation other than the caller's (test/repo/portfolio-data-access.test.ts
 * fails otherwise), and only for four things: telling the requester a grant was made or revoked,
 * telling the owner the requester ended its share, and reading the owner's account balances,
 * which it does only after finding the grant active in the OWNER's partition, on every read.
 */

/** Work in `tenantId`'s partition on behalf of a member of another organisation (named in its audit log). */
function otherPartition(deps: DomainDependencies, tenantId: string, caller: TenantContext): TenantRepository {
  const actor = {
    id: `portfolio:${caller.tenantId}:${caller.actor.id}`,
    kind: 'system' as const,
    ...(caller.actor.ip ? { ip: caller.actor.ip } : {}),
    ...(caller.actor.userAgent ? { userAgent: caller.actor.userAgent } : {}),
  };
  return new TenantRepository(deps.container, { tenantId, actor }, deps.clock);
}

/** The requester's half of a grant the owner just made: its share, its request used, its audit record. */
export async function recordGrantWithRequester(
  deps: DomainDependencies,
  owner: TenantContext,
  grant: Stored<Grant>,
  ownerName: string,
): Promise<void> {
  const repository = otherPartition(deps, grant.requesterTenantId, owner);
  const shareId = `portfolio-share-${deps.ids.newId()}`;
  await retryOnConflict('The share', async () => {
    const transaction = repository.transaction();
    const share: Share = {
      ownerTenantId: owner.tenantId,
      ownerName,
      grantId: grant.id,
      allowMonthToDate: grant.allowMonthToDate,
      status: 'active',
      grantedAt: grant.grantedAt,
      endedAt: null,
    };
    transaction.create(shareType, shareId, share);
    const request = await repository.find<ShareRequest>(shareRequestType, grant.requestId);
    if (request) transaction.replace<ShareRequest>(request, { ...request, status: 'used', usedAt: grant.grantedAt });
    const entry: AuditEntry = {
      action: 'portfolio.share-granted',
      target: { type: shareType, id: shareId },
      details: { owner: ownerName, allowMonthToDate: grant.allowMonthToDate },
    };
    await stageAuditRecord(repository, transaction, repository.context, entry, deps.clock.now());
    await transaction.commit();
  });
}

/** Marks the requester's share of a grant revoked (or ended), with its audit record. */
export async function recordEndWithRequester(
  deps: DomainDependencies,
  owner: TenantContext,
  grant: Stored<Grant>,
  ownerName: string,
): Promise<void> {
  const repository = otherPartition(deps, grant.requesterTenantId, owner);
  await retryOnConflict('The share', async () => {
    const [share] = await repository.queryAll<Share>(shareType, {
      where: 'c.grantId = @grantId',
      parameters: [{ name: '@grantId', value: grant.id }],
    });
    if (!share || share.status !== 'active') return;
    const transaction = repository.transaction();
    transaction.replace<Share>(share, { ...share, status: grant.status, endedAt: grant.endedAt });
    const entry: AuditEntry = {
      action: 'portfolio.share-revoked',
      target: { type: shareType, id: share.id },
      details: { owner: ownerName },
    };
    await stageAuditRecord(repository, transaction, repository.context, entry, deps.clock.now());
    await transaction.commit();
  });
}

/** The active grant behind a share, read in the owner's partition; anything else is "no such share". */
async function activeGrant(
  repository: TenantRepository,
  requester: TenantContext,
  share: Share,
): Promise<Stored<Grant>> {
  const grant = await repository.find<Grant>(grantType, share.grantId);
  if (!grant || grant.status !== 'active' || grant.requesterTenantId !== requester.tenantId)
    throw new NotFoundError('No such share');
  return grant;
}

/** The requester ends its own access: the owner's grant is ended, with a record in the owner's log. */
export async function endGrantWithOwner(
  deps: DomainDependencies,
  requester: TenantContext,
  share: Share,
): Promise<void> {
  const repository = otherPartition(deps, share.ownerTenantId, requester);
  await retryOnConflict('The grant', async () => {
    const grant = await activeGrant(repository, requester, share).catch(() => undefined);
    if (!grant) return;
    const transaction = repository.transaction();
    const endedAt = deps.clock.now().toISOString();
    transaction.replace<Grant>(grant, { ...grant, status: 'ended', endedAt });
    const entry: AuditEntry = {
      action: 'portfolio.share-ended',
      target: { type: grantType, id: grant.id },
      details: { requester: grant.requesterName },
    };
    await stageAuditRecord(repository, transaction, repository.context, entry, deps.clock.now());
    await transaction.commit();
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
  deps: DomainDependencies,
  requester: TenantContext,
  share: Share,
  read: { readonly month: string; readonly asOf: string; readonly monthToDate: boolean },
): Promise<OwnerBalances> {
  const repository = otherPartition(deps, share.ownerTenantId, requester);
  const grant = await activeGrant(repository, requester, share);
  if (read.monthToDate && !grant.allowMonthToDate)
    throw new ForbiddenError('The owner shares month-end balances only, not month to date');
  const figures = ledgerDependencies(deps).figuresStoreFor(repository.context);
  const [{ baseCurrency }, accounts, balances] = await Promise.all([
    figures.readBooks(),
    figures.listAccounts(),
    balancesAsOf(figures, read.asOf),
  ]);
  await appendAuditRecord(
    repository,
    repository.context,
    {
      action: 'portfolio.balances-read',
      target: { type: grantType, id: grant.id },
      details: { requester: grant.requesterName, month: read.month, asOf: read.asOf },
    },
    () => deps.clock.now(),
  );
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
