import { QueueServiceClient, type DequeuedMessageItem } from '@azure/storage-queue';
import { resolveAppSettings, storageConnectionString } from './app-settings';
import type { AppRegistry, RegisteredFunction } from './functions-core';
import type { HostConfig } from './host-config';
import { invoke } from './invoke';
import { decodeMessage, queueTriggerMetadata } from './queue-message';

/** How long a message stays invisible while its function runs (the host's own lease is 10 minutes). */
const leaseSeconds = 600;
/** The host polls again at once after finding messages and backs off from here when the queue is empty. */
const minPollMs = 100;
/** The most messages one Get Messages call may return. */
const maxBatchSize = 32;

export interface QueueListener {
  stop(): Promise<void>;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Polls one queue with the host.json semantics: fetch `batchSize` messages, fetch again once no
 * more than `newBatchThreshold` are still running; a success deletes the message, a failure makes
 * it visible again after `visibilityTimeout`, and a message dequeued `maxDequeueCount` times
 * (or one that cannot be decoded) moves to `<queue>-poison`.
 */
function listen(
  registry: AppRegistry,
  fn: RegisteredFunction,
  config: HostConfig,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): QueueListener {
  const where = `queue function ${fn.metadata.name}`;
  const service = QueueServiceClient.fromConnectionString(storageConnectionString(fn.trigger.connection, env, where));
  const queueName = resolveAppSettings(String(fn.trigger.queueName), env, where);
  const queue = service.getQueueClient(queueName);
  const poison = service.getQueueClient(`${queueName}-poison`);
  const { batchSize, newBatchThreshold, maxPollingIntervalMs, visibilityTimeoutMs, maxDequeueCount, messageEncoding } =
    config.queues;
  const running = new Set<Promise<void>>();
  let stopped = false;
  let wake: (() => void) | undefined;
  const label = `${fn.metadata.name} queue:${queueName}`;

  async function moveToPoison(message: DequeuedMessageItem): Promise<void> {
    await poison.createIfNotExists();
    await poison.sendMessage(message.messageText);
    await queue.deleteMessage(message.messageId, message.popReceipt);
  }

  async function handle(message: DequeuedMessageItem): Promise<void> {
    const started = performance.now();
    const took = () => `${(performance.now() - started).toFixed(1)}ms`;
    if (message.dequeueCount > maxDequeueCount) {
      // Dequeued more often than allowed without a verdict (a host stopped mid-run): the host gives up at once.
      await moveToPoison(message);
      log(
        `${label} poisoned (dequeued ${message.dequeueCount} times, over maxDequeueCount ${maxDequeueCount}); moved to ${queueName}-poison`,
      );
      return;
    }
    const text = decodeMessage(message.messageText, messageEncoding);
    if (text === undefined) {
      await moveToPoison(message);
      log(
        `${label} poisoned (not valid ${messageEncoding}, see host.json messageEncoding); moved to ${queueName}-poison`,
      );
      return;
    }
    try {
      await invoke(registry, fn, { string: text }, queueTriggerMetadata(message, text, fn.metadata.name));
    } catch (error) {
      if (message.dequeueCount >= maxDequeueCount) {
        await moveToPoison(message);
        log(
          `${label} failed (try ${message.dequeueCount}) ${took()}: ${errorText(error)}; moved to ${queueName}-poison`,
        );
      } else {
        await queue.updateMessage(
          message.messageId,
          message.popReceipt,
          undefined,
          Math.floor(visibilityTimeoutMs / 1000),
        );
        log(`${label} failed (try ${message.dequeueCount}) ${took()}: ${errorText(error)}; retrying`);
      }
      return;
    }
    await queue.deleteMessage(message.messageId, message.popReceipt);
    log(`${label} ok (try ${message.dequeueCount}) ${took()}`);
  }

  function start(message: DequeuedMessageItem): void {
    const run: Promise<void> = handle(message)
      .catch((error: unknown) => log(`${label} could not settle message ${message.messageId}: ${errorText(error)}`))
      .finally(() => running.delete(run));
    running.add(run);
  }

  function pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async function poll(): Promise<void> {
    let delay = minPollMs;
    await queue.createIfNotExists();
    while (!stopped) {
      if (running.size > newBatchThreshold) {
        await Promise.race(running);
        continue;
      }
      let received: DequeuedMessageItem[] = [];
      try {
        received = (
          await queue.receiveMessages({
            numberOfMessages: Math.min(batchSize, maxBatchSize),
            visibilityTimeout: leaseSeconds,
          })
        ).receivedMessageItems;
      } catch (error) {
        if (!stopped) log(`${label} polling error: ${errorText(error)}`);
      }
      received.forEach(start);
      if (received.length > 0) {
        delay = minPollMs;
        continue;
      }
      await pause(delay);
      delay = Math.min(delay * 2, maxPollingIntervalMs);
    }
    await Promise.all(running);
  }

  const loop = poll().catch((error: unknown) => log(`${label} stopped listening: ${errorText(error)}`));
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

export function startQueueListeners(
  registry: AppRegistry,
  config: HostConfig,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): QueueListener[] {
  return [...registry.functions.values()]
    .filter((fn) => fn.trigger.type === 'queueTrigger')
    .map((fn) => listen(registry, fn, config, env, log));
}
