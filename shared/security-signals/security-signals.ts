import { z } from 'zod';
import type { RequestObserver } from '../platform/http/request-outcome';
import { tenantIdPattern } from '../platform/ids';
import { createPostingReviewTrigger, reviewPostings } from './posting-review';
import { createRequestSignals } from './request-signals';
import type { SecuritySignalsDependencies } from './security-signals-dependencies';
import { cachingSignalStore } from './signal-cache';

const systemActor = { id: 'system:security-signals', kind: 'system' as const };

/**
 * What the pipeline reports finished requests to. Signals are recorded by the system, from the
 * address of the request that raised them, in the requester's organisation.
 */
export function createSecuritySignals(deps: SecuritySignalsDependencies): RequestObserver {
  const requestPostingReview = createPostingReviewTrigger(deps.queues, () => deps.clock.now().getTime());
  return createRequestSignals({ ...deps, requestPostingReview }, (outcome) => {
    const store = deps.storeFor({
      tenantId: outcome.principal.tenantId,
      actor: {
        ...systemActor,
        ip: outcome.ip,
        ...(outcome.userAgent ? { userAgent: outcome.userAgent } : {}),
      },
    });
    return cachingSignalStore(store, outcome.principal.tenantId, () => deps.clock.now().getTime());
  });
}

const postingReviewMessage = z.object({ tenantId: z.string().regex(tenantIdPattern) });

/** A posting-reviews queue message: reviews that organisation's new postings, continuing a long backlog in another. */
export async function reviewPostingsFor(deps: SecuritySignalsDependencies, message: unknown): Promise<void> {
  const parsed = postingReviewMessage.safeParse(message);
  if (!parsed.success) {
    deps.logger.error('posting review message is malformed; dropped', { queue: 'posting-reviews' });
    return;
  }
  const { tenantId } = parsed.data;
  const store = deps.storeFor({ tenantId, actor: systemActor });
  if (await reviewPostings({ ...deps, store, tenantId })) await deps.queues.send('posting-reviews', { tenantId });
}
