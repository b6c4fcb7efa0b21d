import { resolve } from 'node:path';
import type { Container } from '@azure/cosmos';
import { QueueServiceClient } from '@azure/storage-queue';
import { randomIds } from '../../shared/platform/clock';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { stageEmail, type EmailToSend } from '../../shared/platform/email/email-message';
import {
  dispatchOutbox,
  outboxType,
  type OutboxRecord,
  type OutboxTicket,
} from '../../shared/platform/outbox/outbox-record';
import { createQueueSender, type QueueSender } from '../../shared/platform/queues/queue-sender';
import { storageConnectionString } from './storage';

/** The real app's host.json with one-second queue retries (test/fixtures/fast-queues). */
export const fastQueuesRoot = resolve(__dirname, '../fixtures/fast-queues');
export const appEntry = resolve(__dirname, '../../functions/index.ts');

export function queueSenderFor(prefix: string): QueueSender {
  return createQueueSender(QueueServiceClient.fromConnectionString(storageConnectionString()), prefix);
}

/** What a business operation does: stage the email in its transaction, commit, dispatch. */
export async function sendThroughOutbox(
  data: Container,
  queues: QueueSender,
  tenantId: string,
  email: EmailToSend,
  deliveries = 1,
): Promise<OutboxTicket> {
  const repository = new TenantRepository(data, { tenantId, actor: { id: 'system:test', kind: 'system' } });
  const transaction = repository.transaction();
  const ticket = stageEmail(transaction, randomIds, email);
  await transaction.commit();
  for (let i = 0; i < deliveries; i += 1) await dispatchOutbox(queues, [ticket]);
  return ticket;
}

export function outboxRecord(data: Container, ticket: OutboxTicket) {
  return new TenantRepository(data, {
    tenantId: ticket.tenantId,
    actor: { id: 'system:test', kind: 'system' },
  }).get<OutboxRecord>(outboxType, ticket.id);
}

/** Polls until `check` returns a value (or fails after `ms`). */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The record once it is finished (not pending or processing). */
export function finished(data: Container, ticket: OutboxTicket, ms?: number) {
  return eventually(async () => {
    const record = await outboxRecord(data, ticket);
    return record.state === 'pending' || record.state === 'processing' ? undefined : record;
  }, ms);
}
