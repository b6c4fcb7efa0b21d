import { randomUUID } from 'node:crypto';
import { QueueServiceClient } from '@azure/storage-queue';
import type { Container } from '@azure/cosmos';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionStorage } from '../../local/provision';
import { randomIds, type Clock } from '../../shared/platform/clock';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import {
  claimOutboxRecord,
  finishOutboxRecord,
  poisonOutboxRecord,
  releaseOutboxRecord,
} from '../../shared/platform/outbox/outbox-attempts';
import { outboxType, stageOutboxWork, type OutboxRecord } from '../../shared/platform/outbox/outbox-record';
import { sweepOutbox } from '../../shared/platform/outbox/outbox-sweep';
import { queueName } from '../../shared/platform/queues/queue-names';
import { createQueueSender } from '../../shared/platform/queues/queue-sender';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { createTestDatabase } from '../harness/cosmos';
import { storageConnectionString } from '../harness/storage';

describe('outbox attempts', () => {
  let data: Container;
  let now = new Date('2026-03-01T10:00:00Z');
  const clock: Clock = { now: () => now };
  const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
  const tenantId = `org-${randomUUID().slice(0, 8)}`;
  const repository = () =>
    new TenantRepository(data, { tenantId, actor: { id: 'system:test', kind: 'system' } }, clock);
  const stage = async () => {
    const transaction = repository().transaction();
    const ticket = stageOutboxWork(transaction, 'email', { to: ['a@b.example'] }, `outbox-${randomIds.newId()}`);
    await transaction.commit();
    return ticket.id;
  };
  const state = async (id: string) => (await repository().get<OutboxRecord>(outboxType, id)).state;

  beforeAll(async () => {
    data = (await createTestDatabase()).containers.tenantData;
  });

  it('lets one of two concurrent deliveries claim a record, and none while its lease lives', async () => {
    const id = await stage();
    const claims = await Promise.all([1, 2, 3].map(() => claimOutboxRecord(repository(), clock, 'email', id)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimOutboxRecord(repository(), clock, 'email', id)).toBeUndefined();
    // The holder died: after its lease, the next attempt claims it, unsure whether the work happened.
    later(61);
    expect(await claimOutboxRecord(repository(), clock, 'email', id)).toMatchObject({ uncertain: true });
    expect(await claimOutboxRecord(repository(), clock, 'data-export', id)).toBeUndefined();
  });

  it('keeps a released uncertain record uncertain, and a finished record finished', async () => {
    const id = await stage();
    await claimOutboxRecord(repository(), clock, 'email', id);
    await releaseOutboxRecord(repository(), id, { uncertain: true, reason: 'timeout' });
    expect(await claimOutboxRecord(repository(), clock, 'email', id)).toMatchObject({ uncertain: true });
    await finishOutboxRecord(repository(), clock, id, 'undeliverable', { reason: 'inactive' });
    await finishOutboxRecord(repository(), clock, id, 'completed');
    await releaseOutboxRecord(repository(), id, { uncertain: false, reason: 'late' });
    expect(await state(id)).toBe('undeliverable');
    expect(await claimOutboxRecord(repository(), clock, 'email', id)).toBeUndefined();
  });

  it('poisons only a record no live attempt holds, and lets a later success override the poison', async () => {
    const id = await stage();
    await claimOutboxRecord(repository(), clock, 'email', id);
    await poisonOutboxRecord(repository(), clock, id);
    expect(await state(id)).toBe('processing');
    later(61);
    await poisonOutboxRecord(repository(), clock, id);
    expect(await state(id)).toBe('poisoned');
    await finishOutboxRecord(repository(), clock, id, 'completed', { result: { postmarkMessageId: 'm-1' } });
    expect(await state(id)).toBe('completed');
  });

  it('sweeps records whose message was never sent, and those an attempt died holding', async () => {
    // The sweep reads every organisation's partition: a database of its own.
    data = (await createTestDatabase()).containers.tenantData;
    const prefix = `t${randomUUID().slice(0, 8)}-`;
    await provisionStorage(storageConnectionString(), prefix);
    const service = QueueServiceClient.fromConnectionString(storageConnectionString());
    const queue = service.getQueueClient(queueName(prefix, 'emails'));
    const sweep = () =>
      sweepOutbox({
        container: data,
        clock,
        queues: createQueueSender(service, prefix),
        logger: createLogger({ level: 'error' }),
      });
    const fresh = await stage();
    expect(await sweep()).toBe(0);
    later(6);
    const held = await stage();
    await claimOutboxRecord(repository(), clock, 'email', held);
    const swept = await sweep();
    expect(swept).toBeGreaterThanOrEqual(1);
    const messages = (await queue.receiveMessages({ numberOfMessages: 32 })).receivedMessageItems.map(
      (m) => JSON.parse(Buffer.from(m.messageText, 'base64').toString()) as { outboxId: string },
    );
    expect(messages.map((m) => m.outboxId)).toContain(fresh);
    expect(messages.map((m) => m.outboxId)).not.toContain(held);
    later(61);
    await sweep();
    const afterLease = (await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 1 }))
      .receivedMessageItems;
    expect(
      afterLease.map(
        (m) => (JSON.parse(Buffer.from(m.messageText, 'base64').toString()) as { outboxId: string }).outboxId,
      ),
    ).toContain(held);
  });
});
