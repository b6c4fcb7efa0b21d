import { randomUUID } from 'node:crypto';
import type { DequeuedMessageItem } from '@azure/storage-queue';
import type { RpcTypedData } from './functions-core';
import type { HostConfig } from './host-config';

/**
 * The message text as the function receives it, or undefined when it cannot be decoded. The
 * host's storage extension sends an undecodable message straight to the poison queue, since no
 * retry can fix it.
 */
export function decodeMessage(text: string, encoding: HostConfig['queues']['messageEncoding']): string | undefined {
  if (encoding === 'none') return text;
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

/**
 * Trigger metadata as the host sends it for a queue trigger (PascalCase; the library camel-cases
 * it into `context.triggerMetadata`): the message text, its id, dequeue count, times and pop receipt.
 */
export function queueTriggerMetadata(
  message: DequeuedMessageItem,
  text: string,
  functionName: string,
): Record<string, RpcTypedData> {
  const json = (value: unknown): RpcTypedData => ({ json: JSON.stringify(value) });
  return {
    QueueTrigger: { string: text },
    Id: { string: message.messageId },
    DequeueCount: json(message.dequeueCount),
    InsertionTime: json(message.insertedOn.toISOString()),
    ExpirationTime: json(message.expiresOn.toISOString()),
    NextVisibleTime: json(message.nextVisibleOn.toISOString()),
    PopReceipt: { string: message.popReceipt },
    sys: json({ MethodName: functionName, UtcNow: new Date().toISOString(), RandGuid: randomUUID() }),
  };
}
