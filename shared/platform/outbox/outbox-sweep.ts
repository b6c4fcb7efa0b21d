import type { Container } from '@azure/cosmos';
import type { Clock } from '../clock';
import type { QueueSender } from '../queues/queue-sender';
import type { Logger } from '../telemetry/logger';
import { dispatchOutbox, outboxType, type OutboxTicket } from './outbox-record';

/**
 * A record never tried is usually dispatched by its operation right after the commit; give that
 * a moment before stepping in (work staged where no queue is at hand waits for the sweeper).
 */
const neverTriedAfterSeconds = 5;
/**
 * A record the queue is retrying is updated on every attempt; one quiet for this long lost its
 * message (maxDequeueCount x visibilityTimeout is 2.5 minutes).
 */
const quietAfterSeconds = 10 * 60;

export interface SweepDependencies {
  readonly container: Container;
  readonly clock: Clock;
  readonly queues: QueueSender;
  readonly logger: Logger;
}

/**
 * Re-sends the queue message of outbox records left behind: pending ones whose message was never
 * sent (a crash between commit and enqueue, or work staged by code with no queue at hand) or was lost, and ones whose attempt died holding them. This is the one query
 * across organisations' partitions in the outbox: it reads only ids, and a duplicate message it
 * sends is a no-op at the queue function.
 */
export async function sweepOutbox(deps: SweepDependencies): Promise<number> {
  const now = deps.clock.now();
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
  const iterator = deps.container.items.query<OutboxTicket>(
    {
      query: `SELECT c.tenantId, c.id, c.work FROM c WHERE c.type = @type AND (
        (c.state = 'pending' AND ((c.attempts = 0 AND c.updatedAt < @neverTried) OR c.updatedAt < @quiet))
        OR (c.state = 'processing' AND c.leaseUntil < @now))`,
      parameters: [
        { name: '@type', value: outboxType },
        { name: '@neverTried', value: ago(neverTriedAfterSeconds) },
        { name: '@quiet', value: ago(quietAfterSeconds) },
        { name: '@now', value: now.toISOString() },
      ],
    },
    { maxItemCount: 500 },
  );
  let swept = 0;
  while (iterator.hasMoreResults()) {
    const { resources } = await iterator.fetchNext();
    await dispatchOutbox(deps.queues, resources);
    swept += resources.length;
  }
  if (swept > 0) deps.logger.info('outbox swept', { swept });
  return swept;
}
