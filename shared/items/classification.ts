import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { PreconditionFailedError, TooManyRequestsError } from '../platform/errors';
import type { OutboxMessage } from '../platform/outbox/outbox-record';
import type { ItemClassification, ItemStore } from './item-store';
import type { ClassificationDependencies } from './items-dependencies';
import { classificationAllowed } from './items';
import { taxCodeNamed } from './stripe-tax-codes';
import type { ClassifierOutcome } from './tax-classifier';

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

interface Attempt {
  readonly store: ItemStore;
  readonly outboxId: string;
  readonly classification: Stored<ItemClassification>;
}

/** Writes the outcome beside the item (never the item itself), then marks the work finished. */
async function settle(
  deps: ClassificationDependencies,
  attempt: Attempt,
  change: Pick<ItemClassification, 'status' | 'suggestion' | 'detail'>,
  work: { state: 'completed' | 'failed'; result?: Record<string, string>; reason?: string },
): Promise<string> {
  try {
    await attempt.store.replaceClassification(attempt.classification, { ...attempt.classification, ...change });
  } catch (error) {
    // The name or description changed meanwhile: newer work asks about the new words.
    if (!(error instanceof PreconditionFailedError)) throw error;
    await attempt.store.finishWork(attempt.outboxId, 'completed', { result: { skipped: 'superseded' } });
    return 'superseded';
  }
  await attempt.store.finishWork(attempt.outboxId, work.state, work);
  return change.status;
}

/**
 * One delivery of a classification message. At most one delivery holds the work (an outbox
 * lease), a finished record makes later deliveries no-ops, and work whose item changed since is
 * superseded without a call. Only the item's name and description leave, and only with both
 * switches on and within the organisation's rate limit. Retryable failures go back to the queue;
 * on the last delivery the item shows "suggestion unavailable" and nothing else changes.
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
  const claim = await store.claimWork(message.outboxId);
  if (!claim) return 'nothing to do';
  const outboxId = message.outboxId;
  const { itemId } = claim.record.payload;
  const [item, classification] = await Promise.all([store.findItem(itemId), store.findClassification(itemId)]);
  if (!item || item.deleted || classification?.outboxId !== outboxId || classification.status !== 'pending') {
    await store.finishWork(outboxId, 'completed', { result: { skipped: 'superseded' } });
    return 'superseded';
  }
  const attempt: Attempt = { store, outboxId, classification };
  if (!(await classificationAllowed(deps, store)))
    return settle(
      deps,
      attempt,
      {
        status: 'off',
        suggestion: null,
        detail: 'the AI step was switched off before the request left: nothing was sent',
      },
      { state: 'failed', reason: 'the AI step is switched off' },
    );

  const giveBack = async (reason: string): Promise<string> => {
    if (delivery.dequeueCount >= deps.lastDelivery)
      return settle(
        deps,
        attempt,
        { status: 'unavailable', suggestion: null, detail: `suggestion unavailable: ${reason}` },
        { state: 'failed', reason },
      );
    await store.releaseWork(outboxId, reason);
    throw new ClassificationRetryLater(reason);
  };

  try {
    await deps.limiter.check(`classification:${message.tenantId}`, 'global');
  } catch (error) {
    if (error instanceof TooManyRequestsError) return giveBack("the organisation's classification rate limit");
    throw error;
  }
  const outcome = await callWithRetries(deps, { name: item.name, description: item.description });
  deps.logger.info('tax classification attempt', {
    tenantId: message.tenantId,
    outboxId,
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
      return settle(
        deps,
        attempt,
        { status: 'suggested', suggestion, detail: null },
        {
          state: 'completed',
          result: { code: outcome.code },
        },
      );
    }
    case 'none':
      return settle(
        deps,
        attempt,
        { status: 'none', suggestion: null, detail: `no suggestion: ${outcome.reason}` },
        {
          state: 'completed',
          result: { suggestion: 'none' },
        },
      );
    case 'refused':
      return settle(
        deps,
        attempt,
        { status: 'unavailable', suggestion: null, detail: `suggestion unavailable: ${outcome.reason}` },
        { state: 'failed', reason: outcome.reason },
      );
    case 'retry':
      return giveBack(outcome.reason);
  }
}
