import { app, type InvocationContext } from '@azure/functions';
import { getServices, type Services } from '../services';
import { readQueueMessage, type QueueMessageKind } from './queue-message';

export interface QueueDefinition<T> {
  /** The function's name (the host's admin API and logs use it). */
  readonly name: string;
  /** The queue's name in storage: `queueName(prefix, queue)`, or its `poisonQueueName` twin. */
  readonly queueName: string;
  /** What a message must be; anything else is logged and dropped, never retried. */
  readonly message: QueueMessageKind<T>;
  /**
   * Does the message's work; a thrown error is retried by the queue (host.json maxDequeueCount).
   * What it answers (an outcome the service reports for its tests) is not the queue's concern.
   */
  readonly handler: (services: Services, message: T, invocation: InvocationContext) => Promise<unknown>;
}

/**
 * The one way to declare a queue function: services, the message validated (a malformed one
 * logged and dropped), then the handler. Registered on the app's storage account.
 */
export function defineQueue<T>(definition: QueueDefinition<T>): void {
  app.storageQueue(definition.name, {
    queueName: definition.queueName,
    connection: 'AzureWebJobsStorage',
    handler: async (message, invocation) => {
      const services = await getServices();
      const parsed = readQueueMessage(definition.message, message, services.logger, definition.queueName);
      if (parsed !== undefined) await definition.handler(services, parsed, invocation);
    },
  });
}
