import type { QueueServiceClient } from '@azure/storage-queue';
import { queueName, type QueueName } from './queue-names';

/** Sends work to a queue function; messages are small JSON naming a record, never the work itself. */
export interface QueueSender {
  /** `delaySeconds` keeps the message invisible that long (work that should wait for more to gather). */
  send(
    queue: QueueName,
    message: Readonly<Record<string, unknown>>,
    options?: { delaySeconds?: number },
  ): Promise<void>;
}

/** host.json reads messages as base64 (`messageEncoding`), as the Functions host writes them. */
export function createQueueSender(service: QueueServiceClient, prefix: string): QueueSender {
  return {
    async send(queue, message, options = {}) {
      const text = Buffer.from(JSON.stringify(message)).toString('base64');
      const delay = options.delaySeconds ? { visibilityTimeout: options.delaySeconds } : {};
      await service.getQueueClient(queueName(prefix, queue)).sendMessage(text, delay);
    },
  };
}
