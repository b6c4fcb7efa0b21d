import type { FieldCrypto } from '../platform/crypto/field-crypto';
import type { KeyedFingerprints } from '../platform/crypto/keyed-fingerprint';
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

/** Entering a bank account also fingerprints it, to recognise the account when it comes back. */
export interface BankAccountDependencies extends PayablesDependencies {
  readonly fingerprints: KeyedFingerprints;
}

export function payablesDependencies(services: Services): BankAccountDependencies {
  return {
    ...domainDependencies(services),
    fieldCrypto: services.fieldCrypto,
    fingerprints: services.bankFingerprints,
    queues: services.queues,
    logger: services.logger,
  };
}
