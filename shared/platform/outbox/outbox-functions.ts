import type { Logger } from '../telemetry/logger';
import type { OutboxMessage } from './outbox-record';
import { outboxMessage } from './schemas';

/**
 * The outbox record a queue message names, or undefined for a message no retry can make sense
 * of (logged, then dropped: poisoning it would only move the same garbage elsewhere).
 */
export function readOutboxMessage(message: unknown, logger: Logger, queue: string): OutboxMessage | undefined {
  const parsed = outboxMessage.safeParse(message);
  if (parsed.success) return parsed.data;
  logger.error('queue message is not an outbox message; dropped', { queue });
  return undefined;
}
