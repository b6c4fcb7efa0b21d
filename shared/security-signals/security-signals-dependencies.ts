import type { TenantContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import type { PlatformDependencies } from '../platform/domain-dependencies';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Services } from '../platform/services';
import type { Logger } from '../platform/telemetry/logger';
import type { Telemetry } from '../platform/telemetry/telemetry';
import { createCosmosSignalStore } from './cosmos-signal-store';
import type { SignalStore } from './signal-store';

/** Where signals are kept: the organisations' partitions, and the platform container for the window counts. */
export interface SignalStorage {
  readonly tenantData: PlatformDependencies['container'];
  readonly platform: PlatformDependencies['platform'];
  readonly clock: Clock;
}

/** What the signals' services are given: the organisation's store for a caller, and what they report to. */
export interface SecuritySignalsDependencies {
  readonly storeFor: (context: TenantContext) => SignalStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly telemetry: Telemetry;
  readonly queues: QueueSender;
}

/** The organisation's signal store, acting as `context` (an admin changing thresholds, or the system). */
export function signalStoreFor(storage: SignalStorage, context: TenantContext): SignalStore {
  return createCosmosSignalStore({ ...storage, context });
}

/** Built once per process by the wiring point (the request observer), before the services exist. */
export function securitySignalsDependencies(
  wiring: SignalStorage & Pick<SecuritySignalsDependencies, 'logger' | 'telemetry' | 'queues'>,
): SecuritySignalsDependencies {
  const { clock, logger, telemetry, queues } = wiring;
  return { storeFor: (context) => signalStoreFor(wiring, context), clock, logger, telemetry, queues };
}

/** The same over a process's services: what the admin routes and the posting-review queue function use. */
export function signalsDependenciesOf(services: Services): SecuritySignalsDependencies {
  return securitySignalsDependencies({
    tenantData: services.containers.tenantData,
    platform: services.platformRepository,
    clock: services.clock,
    logger: services.logger,
    telemetry: services.telemetry,
    queues: services.queues,
  });
}
