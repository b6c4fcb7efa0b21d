import { createHash } from 'node:crypto';
import type { Clock } from '../platform/clock';
import { retryOnConflict } from '../platform/data/retry';
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
  // A lost race is either this signal recorded by a concurrent request (the next look finds it)
  // or the audit chain moved on (the next attempt appends after it).
  const recorded = await retryOnConflict('security signal', async () => {
    if (await deps.store.hasSignal(id)) return false;
    await deps.store.recordSignal(id, detected, audit);
    return true;
  });
  if (!recorded) return false;
  deps.logger.warn('security signal raised', { tenantId: deps.tenantId, kind: signal.kind, signal: id });
  deps.telemetry.trackEvent(securitySignalEvent, {
    kind: signal.kind,
    tenantId: deps.tenantId,
    memberId: signal.memberId,
    signal: id,
  });
  return true;
}
