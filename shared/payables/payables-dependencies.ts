import type { TenantContext } from '../platform/actor';
import type { FieldCrypto } from '../platform/crypto/field-crypto';
import type { KeyedFingerprints } from '../platform/crypto/keyed-fingerprint';
import { domainDependencies, type DomainDependencies } from '../platform/domain-dependencies';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Services } from '../platform/services';
import type { Logger } from '../platform/telemetry/logger';
import { cosmosPayablesStore } from './cosmos-payables-store';
import type { PayablesStore } from './payables-store';

/**
 * Payables' store for a caller (their facilities and divisions, every write attributed to them).
 * The services never build it; the composition does, here. The storage stays in the shape for
 * the dimension lists the services check records against.
 */
export interface PayablesStores extends DomainDependencies {
  readonly storeFor: (context: TenantContext) => PayablesStore;
}

/** What payables services are given: the store, the field encryption, and the queues for notices. */
export interface PayablesDependencies extends PayablesStores {
  readonly fieldCrypto: FieldCrypto;
  readonly queues: QueueSender;
  readonly logger: Logger;
}

/** Entering a bank account also fingerprints it, to recognise the account when it comes back. */
export interface BankAccountDependencies extends PayablesDependencies {
  readonly fingerprints: KeyedFingerprints;
}

/** Payables' store over these dependencies; what else they carry (field encryption, queues, a logger) is kept. */
export function withPayablesStore<D extends DomainDependencies>(domain: D): D & PayablesStores {
  return { ...domain, storeFor: (context) => cosmosPayablesStore(domain, context) };
}

export function payablesDependencies(services: Services): BankAccountDependencies {
  return withPayablesStore({
    ...domainDependencies(services),
    fieldCrypto: services.fieldCrypto,
    fingerprints: services.bankFingerprints,
    queues: services.queues,
    logger: services.logger,
  });
}
