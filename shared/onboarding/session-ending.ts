import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { PlatformDependencies } from '../platform/domain-dependencies';
import { sessionType, stageRevocations, type RevocationReason, type Session } from '../identity/sessions';
import { organizationRepository } from './organizations';

/** Sessions revoked per batch (a transactional batch holds at most 100 operations). */
const revocationsPerBatch = 90;

/**
 * Ends the live sessions of one partition that `whose` picks (every member's, or one operator's),
 * a batch at a time; returns how many ended. Revoking ends their refresh tokens too.
 */
export async function endSessionsIn(
  deps: PlatformDependencies,
  context: TenantContext,
  tenantId: string,
  ending: { readonly reason: RevocationReason; readonly memberId?: string },
): Promise<number> {
  const repository = organizationRepository(deps, context, tenantId);
  const where = ['NOT IS_DEFINED(c.revokedAt)', ...(ending.memberId ? ['c.memberId = @memberId'] : [])].join(' AND ');
  const parameters = ending.memberId ? [{ name: '@memberId', value: ending.memberId }] : [];
  let ended = 0;
  for (;;) {
    const live = await retryOnConflict('The sessions', async () => {
      const sessions = await repository.queryAll<Session>(sessionType, { where, parameters });
      const transaction = repository.transaction();
      const now = deps.clock.now();
      const limit = revocationsPerBatch;
      const count = stageRevocations(transaction, sessions, {
        now,
        reason: ending.reason,
        by: context.actor.id,
        limit,
      });
      await transaction.commit();
      return Math.min(count, revocationsPerBatch);
    });
    ended += live;
    if (live < revocationsPerBatch) return ended;
  }
}
