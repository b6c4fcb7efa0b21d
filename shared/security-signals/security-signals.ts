import type { DomainDependencies } from '../platform/domain-dependencies';
import { z } from 'zod';
import type { TenantContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import type { PlatformRepository } from '../platform/data/platform-repository';
import type { RequestObserver } from '../platform/http/request-outcome';
import { tenantIdPattern } from '../platform/ids';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Logger } from '../platform/telemetry/logger';
import type { Telemetry } from '../platform/telemetry/telemetry';
import { createCosmosSignalStore } from './cosmos-signal-store';
import { createPostingReviewTrigger, reviewPostings } from './posting-review';
import { createRequestSignals } from './request-signals';
import { cachingSignalStore } from './signal-cache';
import type { SignalStore } from './signal-store';

export interface SignalWiring {
  readonly tenantData: DomainDependencies['container'];
  readonly platform: PlatformRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly telemetry: Telemetry;
  readonly queues: QueueSender;
}

const systemActor = { id: 'system:security-signals', kind: 'system' as const };

/** The organisation's signal store, acting as `context` (an admin changing thresholds, or the system). */
export function signalStoreFor(
  wiring: Pick<SignalWiring, 'tenantData' | 'platform' | 'clock'>,
  context: TenantContext,
): SignalStore {
  return createCosmosSignalStore({ ...wiring, context });
}

/**
 * What the pipeline reports finished requests to. Signals are recorded by the system, from the
 * address of the request that raised them, in the requester's organisation.
 */
export function createSecuritySignals(wiring: SignalWiring): RequestObserver {
  const requestPostingReview = createPostingReviewTrigger(wiring.queues, () => wiring.clock.now().getTime());
  return createRequestSignals({ ...wiring, requestPostingReview }, (outcome) => {
    const store = signalStoreFor(wiring, {
      tenantId: outcome.principal.tenantId,
      actor: {
        ...systemActor,
        ip: outcome.ip,
        ...(outcome.userAgent ? { userAgent: outcome.userAgent } : {}),
      },
    });
    return cachingSignalStore(store, outcome.principal.tenantId, () => wiring.clock.now().getTime());
  });
}

const postingReviewMessage = z.object({ tenantId: z.string().regex(tenantIdPattern) });

/** A posting-reviews queue message: reviews that organisation's new postings, continuing a long backlog in another. */
export async function reviewPostingsFor(wiring: SignalWiring, message: unknown): Promise<void> {
  const parsed = postingReviewMessage.safeParse(message);
  if (!parsed.success) {
    wiring.logger.error('posting review message is malformed; dropped', { queue: 'posting-reviews' });
    return;
  }
  const { tenantId } = parsed.data;
  const store = signalStoreFor(wiring, { tenantId, actor: systemActor });
  if (await reviewPostings({ ...wiring, store, tenantId })) await wiring.queues.send('posting-reviews', { tenantId });
}
