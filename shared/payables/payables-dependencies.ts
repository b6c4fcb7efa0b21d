import type { FieldCrypto } from '../platform/crypto/field-crypto';
import { domainDependencies, type DomainDependencies } from '../platform/domain-dependencies';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Services } from '../platform/services';
import type { Logger } from '../platform/telemetry/logger';

/** What payables services are given: the one domain shape, the field encryption, and the queues for notices. */
export interface PayablesDependencies extends DomainDependencies {
  readonly fieldCrypto: FieldCrypto;
  readonly queues: QueueSender;
  readonly logger: Logger;
}

export function payablesDependencies(services: Services): PayablesDependencies {
  return {
    ...domainDependencies(services),
    fieldCrypto: services.fieldCrypto,
    queues: services.queues,
    logger: services.logger,
  };
}
