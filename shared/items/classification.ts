import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { PreconditionFailedError, TooManyRequestsError } from '../platform/errors';
import type { OutboxMessage } from '../platform/outbox/outbox-record';
import type { ItemClassification, ItemStore } from './item-store';
import type { ClassificationDependencies } from './items-dependencies';
import { classificationAllowed } from './items';
import { taxCodeNamed } from './stripe-tax-codes';
import type { ClassifierOutcome } from '../platform/ai/tax-classifier';

/** Thrown so the queue delivers the message again later (its visibility timeout is the backoff). */
export class ClassificationRetryLater extends Error {
  constructor(reason: string) {
    super(`classification not done yet, will retry: ${reason}`);
    this.name = 'ClassificationRetryLater';
  }
}

/** Calls within one delivery; then the queue's own retry takes over. */
const callsPerDelivery = 3;
/** A retry-after longer than this is left to the queue rather than held in a function invocation. */
const longestPauseSeconds = 20;

async function callWithRetries(deps: ClassificationDependencies, item: { name: string; description: string }) {
  let outcome: ClassifierOutcome = await deps.classifier.classify(item);
  for (let call = 2; outcome.kind === 'retry' && call <= callsPerDelivery; call += 1) {
    const seconds = outcome.retryAfterSeconds ?? 0.5 * 2 ** (call - 2);
    if (seconds > longestPauseSeconds) break;
    await deps.pause(seconds * 1000);
    outcome = await deps.classifier.classify(item);
  }
  return outcome;
}

type Settled = Pick<ItemClassification, 'status' | 'suggestion' | 'detail'>;

/**
 * Writes the outcome beside the item (never the item itself), as the work's result. A stale
 * classification (the name or description changed meanwhile) leaves the newer work to answer.
 */
async function settle(
  store: ItemStore,
  classification: Stored<ItemClassification>,
  change: Settled,
  result: Readonly<Record<string, string>> = {},
): Promise<Readonly<Record<string, string>>> {
  try {
    await store.replaceClassification(classification, { ...classification, ...change });
  } catch (error) {
    if (error instanceof PreconditionFailedError) return { outcome: 'superseded' };
    throw error;
  }
  return { outcome: change.status, ...result };
}

/**
 * One delivery of a classification message, through the outbox's work runner: at most one
 * delivery holds the work, a finished record makes later deliveries no-ops, and work whose item
 * changed since is superseded without a call. Only the item's name and description leave, and
 * only with both switches on and within the organisation's rate limit. A retryable failure goes
 * back to the queue; on the last delivery the item shows "suggestion unavailable" and nothing
 * else changes. Answers the outcome (`suggested`, `none`, `unavailable`, `off`, `superseded`).
 */
export async function classifyItem(
  deps: ClassificationDependencies,
  message: OutboxMessage,
  delivery: { readonly dequeueCount: number },
): Promise<string> {
  const context: TenantContext = {
    tenantId: message.tenantId,
    actor: { id: 'system:tax-classification', kind: 'system' },
  };
  const store = deps.storeFor(context);
  let outcome = 'nothing to do';
  await store.runWork(message.outboxId, async ({ itemId }) => {
    const result = await classifyOnce(deps, store, message, itemId, delivery);
    outcome = result.outcome ?? 'nothing to do';
    return result;
  });
  return outcome;
}

async function classifyOnce(
  deps: ClassificationDependencies,
  store: ItemStore,
  message: OutboxMessage,
  itemId: string,
  delivery: { readonly dequeueCount: number },
): Promise<Readonly<Record<string, string>>> {
  const [item, classification] = await Promise.all([store.findItem(itemId), store.findClassification(itemId)]);
  if (!item || item.deleted || classification?.outboxId !== message.outboxId || classification.status !== 'pending')
    return { outcome: 'superseded' };
  if (!(await classificationAllowed(deps, store)))
    return settle(store, classification, {
      status: 'off',
      suggestion: null,
      detail: 'the AI step was switched off before the request left: nothing was sent',
    });

  const retryOrGiveUp = (reason: string) => {
    if (delivery.dequeueCount < deps.lastDelivery) throw new ClassificationRetryLater(reason);
    return settle(
      store,
      classification,
      { status: 'unavailable', suggestion: null, detail: `suggestion unavailable: ${reason}` },
      { reason },
    );
  };
  try {
    await deps.limiter.check(`classification:${message.tenantId}`, 'global');
  } catch (error) {
    if (error instanceof TooManyRequestsError) return retryOrGiveUp("the organisation's classification rate limit");
    throw error;
  }
  const outcome = await callWithRetries(deps, { name: item.name, description: item.description });
  deps.logger.info('tax classification attempt', {
    tenantId: message.tenantId,
    outboxId: message.outboxId,
    outcome: outcome.kind,
    delivery: delivery.dequeueCount,
  });
  switch (outcome.kind) {
    case 'suggested': {
      const suggestion = {
        code: outcome.code,
        name: taxCodeNamed(outcome.code)!.name,
        confidence: outcome.confidence,
        reason: outcome.reason,
        model: deps.classifier.model,
        at: deps.clock.now().toISOString(),
      };
      return settle(store, classification, { status: 'suggested', suggestion, detail: null }, { code: outcome.code });
    }
    case 'none':
      return settle(store, classification, {
        status: 'none',
        suggestion: null,
        detail: `no suggestion: ${outcome.reason}`,
      });
    case 'refused':
      return settle(
        store,
        classification,
        { status: 'unavailable', suggestion: null, detail: `suggestion unavailable: ${outcome.reason}` },
        { reason: outcome.reason },
      );
    case 'retry':
      return retryOrGiveUp(outcome.reason);
  }
}
