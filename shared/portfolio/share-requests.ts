import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { PortfolioDependencies } from './portfolio-dependencies';
import { shareRequestType, type ShareCode } from './portfolio-documents';
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
  deps: PortfolioDependencies,
  context: TenantContext,
): Promise<z.infer<typeof shareRequestCreated>> {
  const store = deps.storeFor(context);
  const { name } = await store.readOrganization();
  const code = newShareCode();
  const codeHash = shareCodeHash(code);
  const id = `share-request-${deps.ids.newId()}`;
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + shareRequestDays * dayMs).toISOString();
  await retryOnConflict('The share request', () =>
    store.addShareRequest(
      id,
      { codeHash, expiresAt, status: 'pending', usedAt: null },
      { action: 'portfolio.share-requested', target: { type: shareRequestType, id }, details: { expiresAt } },
    ),
  );
  const index: ShareCode = {
    requesterTenantId: context.tenantId,
    requesterName: name,
    requestId: id,
    expiresAt,
    usedAt: null,
  };
  await deps.codes.addCode(shareCodeDocumentId(codeHash), index, (shareRequestDays + 1) * 86_400);
  return { id, code, expiresAt };
}
