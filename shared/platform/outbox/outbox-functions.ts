import type { Logger } from '../telemetry/logger';
import { readQueueMessage } from '../queues/queue-message';
import type { OutboxMessage } from './outbox-record';
import { outboxMessage } from './schemas';

/** The outbox record a queue message names, or undefined (logged, dropped) for a malformed one. */
export function readOutboxMessage(message: unknown, logger: Logger, queue: string): OutboxMessage | undefined {
  return readQueueMessage({ name: 'outbox', schema: outboxMessage }, message, logger, queue);
}
