import { createHash } from 'node:crypto';
import type { Clock } from '../platform/clock';
import { backoff } from '../platform/data/tenant-repository';
import { ConflictError, PreconditionFailedError } from '../platform/errors';
import type { Logger } from '../platform/telemetry/logger';
import type { Telemetry } from '../platform/telemetry/telemetry';
import type { SecuritySignal, SignalKind, SignalStore } from './signal-store';

/** The Application Insights custom event each signal sends (one per signal, never per request). */
export const securitySignalEvent = 'SecuritySignal';
export const signalRaisedAction = 'security.signal-raised';

export interface SignalDependencies {
  readonly store: SignalStore;
  readonly clock: Clock;
  readonly telemetry: Pick<Telemetry, 'trackEvent'>;
  readonly logger: Logger;
  readonly tenantId: string;
}

/** The same burst (kind + what it is about + its window) always gets the same id. */
export function signalId(kind: SignalKind, occasion: string): string {
  return `security-signal-${kind}-${createHash('sha256').update(occasion).digest('hex').slice(0, 32)}`;
}

/**
 * Records a signal once per occasion, with its audit record in the same transaction, then sends
 * the custom event. A second request of the same burst finds it recorded and does nothing, so a
 * burst gives one signal however many requests cross the threshold. Returns whether it was new.
 */
export async function raiseSignal(
  deps: SignalDependencies,
  occasion: string,
  signal: Omit<SecuritySignal, 'detectedAt'>,
  /** Occasions that are the same burst seen earlier (the previous window): raised there, not again. */
  sameBurstAs: readonly string[] = [],
): Promise<boolean> {
  const id = signalId(signal.kind, occasion);
  for (const earlier of sameBurstAs) if (await deps.store.hasSignal(signalId(signal.kind, earlier))) return false;
  const detected: SecuritySignal = { ...signal, detectedAt: deps.clock.now().toISOString() };
  const audit = {
    action: signalRaisedAction,
    target: { type: 'member', id: signal.memberId },
    details: { kind: signal.kind, signal: id, summary: signal.summary.slice(0, 300) },
  };
  for (let attempt = 1; ; attempt += 1) {
    if (await deps.store.hasSignal(id)) return false;
    try {
      await deps.store.recordSignal(id, detected, audit);
      break;
    } catch (error) {
      const lostRace = error instanceof ConflictError || error instanceof PreconditionFailedError;
      if (!lostRace || attempt >= 10) throw error;
      await backoff(attempt);
    }
  }
  deps.logger.warn('security signal raised', { tenantId: deps.tenantId, kind: signal.kind, signal: id });
  deps.telemetry.trackEvent(securitySignalEvent, {
    kind: signal.kind,
    tenantId: deps.tenantId,
    memberId: signal.memberId,
    signal: id,
  });
  return true;
}
