import { QueueServiceClient, type DequeuedMessageItem, type QueueClient } from '@azure/storage-queue';
import type { AppRegistry, RegisteredFunction } from './functions-core';
import type { HostConfig } from './host-config';
import { invoke } from './invoke';

/** How long a message stays invisible while its function runs (the real host uses 10 minutes). */
const leaseSeconds = 600;
const minPollMs = 100;

export interface QueueListener {
  stop(): Promise<void>;
}

function connectionStringFor(fn: RegisteredFunction, env: NodeJS.ProcessEnv): string {
  const setting = String(fn.trigger.connection ?? 'AzureWebJobsStorage') || 'AzureWebJobsStorage';
  const value = env[setting];
  if (!value) throw new Error(`queue function ${fn.metadata.name}: setting ${setting} is not set`);
  return value;
}

function decode(text: string, encoding: HostConfig['queues']['messageEncoding']): string {
  return encoding === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text;
}

function triggerMetadata(message: DequeuedMessageItem, text: string) {
  const json = (value: unknown) => ({ json: JSON.stringify(value) });
  return {
    QueueTrigger: { string: text },
    Id: json(message.messageId),
    DequeueCount: json(message.dequeueCount),
    InsertionTime: json(message.insertedOn.toISOString()),
    ExpirationTime: json(message.expiresOn.toISOString()),
    NextVisibleTime: json(message.nextVisibleOn.toISOString()),
    PopReceipt: json(message.popReceipt),
  };
}

/**
 * Polls one queue with the host.json semantics: batches of `batchSize`, a failed message
 * becomes visible again after `visibilityTimeout`, and once it has been dequeued
 * `maxDequeueCount` times it moves to `<queue>-poison`.
 */
function listen(registry: AppRegistry, fn: RegisteredFunction, config: HostConfig, env: NodeJS.ProcessEnv, log: (line: string) => void): QueueListener {
  const service = QueueServiceClient.fromConnectionString(connectionStringFor(fn, env));
  const queueName = String(fn.trigger.queueName);
  const queue = service.getQueueClient(queueName);
  const poison = service.getQueueClient(`${queueName}-poison`);
  const { batchSize, maxPollingIntervalMs, visibilityTimeoutMs, maxDequeueCount, messageEncoding } = config.queues;
  let stopped = false;
  let wake: (() => void) | undefined;
  let delay = minPollMs;

  async function handle(message: DequeuedMessageItem): Promise<void> {
    const started = performance.now();
    const text = decode(message.messageText, messageEncoding);
    try {
      await invoke(registry, fn, { string: text }, triggerMetadata(message, text));
      await queue.deleteMessage(message.messageId, message.popReceipt);
      log(`${fn.metadata.name} queue:${queueName} ok (try ${message.dequeueCount}) ${(performance.now() - started).toFixed(1)}ms`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (message.dequeueCount >= maxDequeueCount) {
        await poison.createIfNotExists();
        await poison.sendMessage(message.messageText);
        await queue.deleteMessage(message.messageId, message.popReceipt);
        log(`${fn.metadata.name} queue:${queueName} failed (try ${message.dequeueCount}): ${reason}; moved to ${queueName}-poison`);
      } else {
        await queue.updateMessage(message.messageId, message.popReceipt, undefined, Math.floor(visibilityTimeoutMs / 1000));
        log(`${fn.metadata.name} queue:${queueName} failed (try ${message.dequeueCount}): ${reason}; retrying`);
      }
    }
  }

  async function poll(q: QueueClient): Promise<void> {
    await q.createIfNotExists();
    while (!stopped) {
      let received: DequeuedMessageItem[] = [];
      try {
        const response = await q.receiveMessages({ numberOfMessages: Math.min(batchSize, 32), visibilityTimeout: leaseSeconds });
        received = response.receivedMessageItems;
        await Promise.all(received.map((message) => handle(message)));
      } catch (error) {
        if (!stopped) log(`${fn.metadata.name} queue:${queueName} polling error: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (received.length > 0) {
        delay = minPollMs;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      delay = Math.min(delay * 2, maxPollingIntervalMs);
    }
  }

  const loop = poll(queue);
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

export function startQueueListeners(registry: AppRegistry, config: HostConfig, env: NodeJS.ProcessEnv, log: (line: string) => void): QueueListener[] {
  return [...registry.functions.values()]
    .filter((fn) => fn.trigger.type === 'queueTrigger')
    .map((fn) => listen(registry, fn, config, env, log));
}
