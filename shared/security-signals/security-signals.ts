import type { Container } from '@azure/cosmos';
import type { TenantContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import type { RequestObserver } from '../platform/http/request-outcome';
import type { Logger } from '../platform/telemetry/logger';
import type { Telemetry } from '../platform/telemetry/telemetry';
import { createCosmosSignalStore } from './cosmos-signal-store';
import { createRequestSignals } from './request-signals';
import { cachingSignalStore } from './signal-cache';
import type { SignalStore } from './signal-store';

export interface SignalWiring {
  readonly tenantData: Container;
  readonly platform: Container;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly telemetry: Telemetry;
}

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
  return createRequestSignals(wiring, (outcome) => {
    const store = signalStoreFor(wiring, {
      tenantId: outcome.principal.tenantId,
      actor: {
        id: 'system:security-signals',
        kind: 'system',
        ip: outcome.ip,
        ...(outcome.userAgent ? { userAgent: outcome.userAgent } : {}),
      },
    });
    return cachingSignalStore(store, outcome.principal.tenantId, () => wiring.clock.now().getTime());
  });
}
