import type { SignalStore } from './signal-store';

/**
 * What the request observer may remember within one process, to keep watched requests cheap:
 * an organisation's thresholds for half a minute (a change made here is seen at once, one made
 * on another instance within that time), and which signals exist (they never change or go away).
 */
const thresholdsForMs = 30_000;
const knownSignalsKept = 10_000;

const thresholds = new Map<
  string,
  { readonly until: number; readonly read: ReturnType<SignalStore['readThresholds']> }
>();
const knownSignals = new Set<string>();

export function forgetCachedThresholds(tenantId: string): void {
  thresholds.delete(tenantId);
}

function remember(key: string): void {
  if (knownSignals.size >= knownSignalsKept) knownSignals.clear();
  knownSignals.add(key);
}

export function cachingSignalStore(store: SignalStore, tenantId: string, now: () => number): SignalStore {
  return {
    ...store,
    readThresholds() {
      const cached = thresholds.get(tenantId);
      if (cached && cached.until > now()) return cached.read;
      const read = store.readThresholds();
      thresholds.set(tenantId, { until: now() + thresholdsForMs, read });
      read.catch(() => forgetCachedThresholds(tenantId));
      return read;
    },
    async hasSignal(id) {
      const key = `${tenantId}/${id}`;
      if (knownSignals.has(key)) return true;
      const found = await store.hasSignal(id);
      if (found) remember(key);
      return found;
    },
    async recordSignal(id, signal, audit) {
      await store.recordSignal(id, signal, audit);
      remember(`${tenantId}/${id}`);
    },
  };
}
