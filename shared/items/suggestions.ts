import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError } from '../platform/errors';
import type { ItemClassification } from './item-store';
import type { ItemsDependencies } from './items-dependencies';
import { getItem, readItem, requireReach } from './items';
import type { ItemView } from './schemas';
import { taxCodeNamed, taxonomySource } from './stripe-tax-codes';

type Decision = 'accepted' | 'overridden';

/**
 * The one way an item's tax code changes: an admin decides (the route requires admin on items),
 * in one transaction with the decision beside the suggestion and an audit record. A concurrent
 * change (a new suggestion arriving) makes the decision read again: accepting then checks the
 * code the admin named against the newer suggestion.
 */
async function decide(
  deps: ItemsDependencies,
  context: TenantContext,
  id: string,
  kind: Decision,
  pick: (classification: ItemClassification | undefined) => string,
): Promise<ItemView> {
  const store = deps.storeFor(context);
  await retryOnConflict(`item ${id}`, async () => {
    const item = await readItem(store, context, id);
    const classification = await store.findClassification(id);
    const code = pick(classification);
    const suggested = classification?.suggestion;
    const next: ItemClassification = {
      ...(classification ?? { itemId: id, status: 'off', outboxId: null, suggestion: null, detail: null }),
      decision: { kind, code, by: context.actor.id, at: deps.clock.now().toISOString() },
    };
    await store.write({
      id,
      item: { current: item, next: { ...item, taxCode: code } },
      classification: { ...(classification ? { current: classification } : {}), next },
      audit: {
        action: kind === 'accepted' ? 'item.tax-code-accepted' : 'item.tax-code-overridden',
        target: { type: 'item', id },
        details: { code, previous: item.taxCode, suggested: suggested?.code ?? null, model: suggested?.model ?? null },
      },
    });
  });
  return getItem(deps, context, id);
}

/** Takes the suggestion the admin saw: a different (newer) one, or none, is refused. */
export function acceptSuggestion(deps: ItemsDependencies, context: TenantContext, id: string, code: string) {
  return decide(deps, context, id, 'accepted', (classification) => {
    if (classification?.status !== 'suggested' || !classification.suggestion)
      throw new ConflictError('There is no suggestion to accept');
    if (classification.suggestion.code !== code)
      throw new ConflictError(`The suggestion is ${classification.suggestion.code}, not ${code}; read it again`);
    return code;
  });
}

/** Sets another code of the taxonomy, with or without a suggestion (the AI step may be off). */
export function overrideSuggestion(deps: ItemsDependencies, context: TenantContext, id: string, taxCode: string) {
  return decide(deps, context, id, 'overridden', () => taxCodeNamed(taxCode)!.code);
}

export async function classificationSettings(deps: ItemsDependencies, context: TenantContext) {
  const settings = await deps.storeFor(context).readSettings();
  return {
    enabled: settings.classificationEnabled,
    platformEnabled: deps.platformClassification,
    model: deps.model,
    taxonomy: { ...taxonomySource },
  };
}

/** The organisation's switch: off, no item's text leaves for classification, whatever the platform says. */
export async function setClassificationEnabled(deps: ItemsDependencies, context: TenantContext, enabled: boolean) {
  requireReach(context, "Switching the organisation's AI step");
  await deps.storeFor(context).writeSettings(
    { classificationEnabled: enabled },
    {
      action: 'items.classification-switched',
      target: { type: 'organization', id: context.tenantId },
      details: { enabled },
    },
  );
  return classificationSettings(deps, context);
}
