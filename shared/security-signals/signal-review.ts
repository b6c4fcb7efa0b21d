import { retryOnConflict } from '../platform/data/retry';
import { forgetCachedThresholds } from './signal-cache';
import type { SignalKind, SignalStore } from './signal-store';
import { changedThresholds, effectiveThresholds, type Thresholds } from './thresholds';

/** Raised signals, newest first, by kind; a page at a time. */
export async function listSignals(
  store: SignalStore,
  query: { readonly kind?: SignalKind; readonly continuationToken?: string },
) {
  const page = await store.listSignals(query.kind ? { kind: query.kind } : {}, query);
  return {
    items: page.items.map(({ id, kind, memberId, detectedAt, summary, details }) => ({
      id,
      kind,
      memberId,
      detectedAt,
      summary,
      details,
    })),
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  };
}

export async function signalThresholds(store: SignalStore): Promise<Thresholds> {
  return effectiveThresholds((await store.readThresholds())?.thresholds);
}

/**
 * Changes the thresholds with an audit record naming each changed field's old and new value
 * (loosening a threshold is what an insider would do first). No change, no record.
 */
export async function changeSignalThresholds(
  store: SignalStore,
  tenantId: string,
  next: Thresholds,
): Promise<Thresholds> {
  await retryOnConflict('security signal thresholds', async () => {
    const current = await store.readThresholds();
    const changed = changedThresholds(effectiveThresholds(current?.thresholds), next);
    if (!changed) return;
    await store.writeThresholds(current, next, {
      action: 'security.signal-thresholds-changed',
      target: { type: 'organization', id: tenantId },
      details: changed,
    });
    forgetCachedThresholds(tenantId);
  });
  return next;
}
