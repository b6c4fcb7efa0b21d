import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { RevocationReason } from '../identity/sessions';
import type { OnboardingDependencies } from './onboarding-dependencies';
import { inOrganization } from './organizations';

/** Sessions revoked per batch (a transactional batch holds at most 100 operations). */
const revocationsPerBatch = 90;

/**
 * Ends the live sessions of one partition that `whose` picks (every member's, or one operator's),
 * a batch at a time; returns how many ended. Revoking ends their refresh tokens too.
 */
export async function endSessionsIn(
  deps: Pick<OnboardingDependencies, 'storeFor' | 'clock'>,
  context: TenantContext,
  tenantId: string,
  ending: { readonly reason: RevocationReason; readonly memberId?: string },
): Promise<number> {
  const store = deps.storeFor(inOrganization(context, tenantId));
  let ended = 0;
  for (;;) {
    const live = await retryOnConflict('The sessions', async () => {
      const now = deps.clock.now();
      const count = await store.endLiveSessions({ ...ending, now, by: context.actor.id }, revocationsPerBatch);
      return Math.min(count, revocationsPerBatch);
    });
    ended += live;
    if (live < revocationsPerBatch) return ended;
  }
}
