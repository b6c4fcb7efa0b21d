import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import type { PlatformDependencies } from '../platform/domain-dependencies';
import { requireOrganization } from '../platform/organization/organization-store';
import { openPortfolio } from './portfolio-repository';
import { shareCodeType, shareRequestType, type ShareCode, type ShareRequest } from './portfolio-documents';
import { newShareCode, shareCodeDocumentId, shareCodeHash } from './share-codes';
import type { z } from 'zod';
import type { shareRequestCreated } from './schemas';

/** A code is good for seven days; the platform keeps its index a day longer, then drops it. */
export const shareRequestDays = 7;
const dayMs = 86_400_000;

/**
 * An admin of the organisation that wants to see another's balances asks for a code. The code is
 * returned this once; only its hash is stored (in the request, and as the platform's index from
 * hash to request, which is how the owner's paste finds it without a cross-partition query).
 */
export async function requestShare(
  deps: PlatformDependencies,
  context: TenantContext,
): Promise<z.infer<typeof shareRequestCreated>> {
  const repository = openPortfolio(deps, context);
  const { name } = await requireOrganization(repository);
  const code = newShareCode();
  const codeHash = shareCodeHash(code);
  const id = `share-request-${deps.ids.newId()}`;
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + shareRequestDays * dayMs).toISOString();
  await retryOnConflict('The share request', async () => {
    const transaction = repository.transaction();
    transaction.create<ShareRequest>(shareRequestType, id, { codeHash, expiresAt, status: 'pending', usedAt: null });
    const target = { type: shareRequestType, id };
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action: 'portfolio.share-requested', target, details: { expiresAt } },
      now,
    );
    await transaction.commit();
  });
  const index: ShareCode = {
    requesterTenantId: context.tenantId,
    requesterName: name,
    requestId: id,
    expiresAt,
    usedAt: null,
  };
  await deps.platform.create(shareCodeType, shareCodeDocumentId(codeHash), index, {
    ttlSeconds: (shareRequestDays + 1) * 86_400,
  });
  return { id, code, expiresAt };
}
