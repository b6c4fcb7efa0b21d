import type { TenantContext } from '../platform/actor';
import { createSharedRateLimiter } from '../platform/auth/shared-rate-limiter';
import type { RateLimiter } from '../platform/auth/request-guards';
import type { Clock, IdGenerator } from '../platform/clock';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Services } from '../platform/services';
import type { Logger } from '../platform/telemetry/logger';
import { cosmosItemStore } from './cosmos-item-store';
import type { ItemStore } from './item-store';
import type { TaxClassifier } from '../platform/ai/tax-classifier';

export interface ItemsDependencies {
  readonly storeFor: (context: TenantContext) => ItemStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly queues: QueueSender;
  readonly logger: Logger;
  /** The platform switch (AI_CLASSIFICATION_ENABLED). */
  readonly platformClassification: boolean;
  readonly model: string;
}

export interface ClassificationDependencies extends ItemsDependencies {
  readonly classifier: TaxClassifier;
  /** Counts classification calls per organisation, across instances. */
  readonly limiter: RateLimiter;
  /** host.json maxDequeueCount: the delivery after which a retryable failure is final. */
  readonly lastDelivery: number;
  readonly pause: (ms: number) => Promise<void>;
}

export function itemsDependencies(services: Services): ItemsDependencies {
  const { clock, ids } = services;
  return {
    storeFor: (context) => cosmosItemStore({ container: services.containers.tenantData, clock, ids }, context),
    clock,
    ids,
    queues: services.queues,
    logger: services.logger,
    platformClassification: services.settings.AI_CLASSIFICATION_ENABLED,
    model: services.taxClassifier.model,
  };
}

export function classificationDependencies(services: Services, lastDelivery: number): ClassificationDependencies {
  const perMinute = services.settings.AI_CLASSIFICATION_PER_MINUTE;
  return {
    ...itemsDependencies(services),
    classifier: services.taxClassifier,
    // The shared limiter's windows, under keys of their own (`classification:<organisation>`).
    limiter: createSharedRateLimiter(
      services.platformRepository,
      services.clock,
      { logger: services.logger, telemetry: services.telemetry },
      { global: perMinute, authentication: perMinute },
    ),
    lastDelivery,
    pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
