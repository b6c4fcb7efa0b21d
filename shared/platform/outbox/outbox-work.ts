import type { Container } from '@azure/cosmos';
import type { TenantContext } from '../actor';
import type { Clock } from '../clock';
import { TenantRepository } from '../data/tenant-repository';
import { claimOutboxRecord, finishOutboxRecord, releaseOutboxRecord } from './outbox-attempts';
import type { OutboxMessage, OutboxWork } from './outbox-record';

/**
 * Runs outbox work that is idempotent by itself (it writes documents with stable ids): claims
 * the record, performs, and records the result; a failure gives the record back and is
 * rethrown, so the queue retries and poisons as for any message. Duplicate messages find the
 * work claimed or finished and do nothing.
 */
export async function runOutboxWork<P>(
  deps: { readonly container: Container; readonly clock: Clock },
  message: OutboxMessage,
  work: OutboxWork,
  perform: (payload: P, context: TenantContext) => Promise<Readonly<Record<string, string>>>,
): Promise<'completed' | 'nothing to do'> {
  const context: TenantContext = { tenantId: message.tenantId, actor: { id: `system:${work}`, kind: 'system' } };
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const claim = await claimOutboxRecord<P>(repository, deps.clock, work, message.outboxId);
  if (!claim) return 'nothing to do';
  let result: Readonly<Record<string, string>>;
  try {
    result = await perform(claim.record.payload, context);
  } catch (error) {
    await releaseOutboxRecord(repository, message.outboxId, {
      uncertain: false,
      reason: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
  await finishOutboxRecord(repository, deps.clock, message.outboxId, 'completed', { result });
  return 'completed';
}
