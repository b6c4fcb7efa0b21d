import type { Container } from '@azure/cosmos';
import { QueueServiceClient } from '@azure/storage-queue';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import { storageConnectionString } from '../harness/storage';
import { testSecrets } from '../harness/test-secrets';

const fixture = resolve(__dirname, '../fixtures/host-app');
const { secrets, tokens } = testSecrets();
// Real members with real sessions: the fixture app runs with the real authenticator and guards.
let tokenA = '';
let readerA = '';
let tokenB = '';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('local host running the fixture app', () => {
  let host: RunningHost;
  let data: Container;
  const queues = () => QueueServiceClient.fromConnectionString(storageConnectionString());

  beforeAll(async () => {
    host = await startHostedApp({ appRoot: fixture, env: { ...secrets, RATE_LIMIT_GLOBAL_PER_MINUTE: '10000' } });
    data = host.containers.tenantData;
    const member = async (tenantId: string, memberId: string, level: 'read' | 'contribute' | 'admin') => {
      await addTestMember(data, tenantId, memberId, { ledger: level });
      return (await openTestSession(data, tokens, tenantId, memberId)).authorization;
    };
    tokenA = await member('tenant-a', 'member-ann', 'contribute');
    readerA = await member('tenant-a', 'member-rob', 'read');
    tokenB = await member('tenant-b', 'member-bea', 'admin');
  });
  afterAll(async () => {
    await host?.stop();
  });

  async function count(type: string, tenantId: string): Promise<number> {
    const { resources } = await data.items
      .query<number>({
        query: 'SELECT VALUE COUNT(1) FROM c WHERE c.type = @type AND c.tenantId = @t',
        parameters: [
          { name: '@type', value: type },
          { name: '@t', value: tenantId },
        ],
      })
      .fetchAll();
    return resources[0] ?? 0;
  }

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${host.url}/api/notes`, {
      method: 'POST',
      body,
      headers: { authorization: tokenA, 'content-type': 'application/json', ...headers },
    });

  describe('HTTP routing', () => {
    it('passes route parameters, optional segments and validated query values', async () => {
      const id = '3f2b8c1e-9a4d-4c2b-8e7f-1a2b3c4d5e6f';
      const full = await fetch(`${host.url}/api/items/${id}/parts/wheel?view=long`);
      expect(await full.json()).toEqual({ id, part: 'wheel', view: 'long' });
      const short = await fetch(`${host.url}/api/items/${id}/parts`);
      expect(await short.json()).toEqual({ id, part: null, view: 'short' });
      expect(short.headers.get('set-cookie')).toBe(
        '__Host-test=v1; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Strict',
      );
    });

    it('a parameter that breaks its route constraint is not found', async () => {
      expect((await fetch(`${host.url}/api/items/not-a-guid/parts`)).status).toBe(404);
    });

    it('an invalid query value is refused naming the field', async () => {
      const response = await fetch(`${host.url}/api/items/3f2b8c1e-9a4d-4c2b-8e7f-1a2b3c4d5e6f/parts?view=huge`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ field: 'view' }] });
    });
  });

  describe('HTTP pipeline', () => {
    it('creates a record with attribution from the token', async () => {
      const response = await post(JSON.stringify({ text: 'first', amount: '12.50' }));
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ text: 'first', createdBy: 'member-ann' });
    });

    it('refuses a request without a token (401) or with too low a level (403), writing nothing', async () => {
      const before = await count('note', 'tenant-a');
      const anonymous = await fetch(`${host.url}/api/notes`, {
        method: 'POST',
        body: '{"text":"x","amount":"1.00"}',
        headers: { 'content-type': 'application/json' },
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
      const reader = await post(JSON.stringify({ text: 'x', amount: '1.00' }), { authorization: readerA });
      expect(reader.status).toBe(403);
      expect(await count('note', 'tenant-a')).toBe(before);
    });

    it('malformed JSON, a wrong content type and an over-large body get the right 4xx as problem+json and write nothing', async () => {
      const before = await count('note', 'tenant-a');
      const malformed = await post('{"text": "x", "amount": ');
      const wrongType = await post(JSON.stringify({ text: 'x', amount: '1.00' }), { 'content-type': 'text/plain' });
      const huge = await post(JSON.stringify({ text: 'x'.repeat(2_000_000), amount: '1.00' }));
      const chunked = await fetch(`${host.url}/api/notes`, {
        method: 'POST',
        headers: { authorization: tokenA, 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 40; i += 1) controller.enqueue(new TextEncoder().encode(' '.repeat(64 * 1024)));
            controller.close();
          },
        }),
        duplex: 'half',
      });

      expect([malformed.status, wrongType.status, huge.status, chunked.status]).toEqual([400, 415, 413, 413]);
      for (const response of [malformed, wrongType, huge, chunked]) {
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
      expect(await malformed.json()).toMatchObject({ status: 400, detail: 'The request body is not valid JSON' });
      expect(await count('note', 'tenant-a')).toBe(before);
    });

    it('names the invalid field and why', async () => {
      const response = await post(JSON.stringify({ text: '', amount: '12.5' }));
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { errors: Array<{ field: string; reason: string }> };
      expect(problem.errors.map((e) => e.field).sort()).toEqual(['amount', 'text']);
      expect(problem.errors.find((e) => e.field === 'amount')?.reason).toBe('a decimal with two places');
    });

    it('hides an unexpected failure behind a 500 that leaks nothing', async () => {
      const response = await fetch(`${host.url}/api/explode`);
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(text).not.toContain('hunter2');
      expect(JSON.parse(text)).toMatchObject({ status: 500, requestId: response.headers.get('x-request-id') });
    });

    it("one organisation never sees another's records", async () => {
      await post(JSON.stringify({ text: 'only for a', amount: '1.00' }));
      const listB = await fetch(`${host.url}/api/notes`, { headers: { authorization: tokenB } });
      expect(await listB.json()).toEqual({ items: [] });
    });
  });

  describe('queues', () => {
    it('a message delivered twice has its effect once', async () => {
      const queue = queues().getQueueClient('fixture-payments');
      await queue.createIfNotExists();
      const message = Buffer.from(
        JSON.stringify({ tenantId: 'tenant-q', paymentId: 'pay-42', amount: '100.00' }),
      ).toString('base64');
      await queue.sendMessage(message);
      await queue.sendMessage(message);

      // Both deliveries ran to completion: recorded, and deleted from the queue (in-flight ones still count).
      await eventually(async () => {
        const { approximateMessagesCount } = await queue.getProperties();
        return approximateMessagesCount === 0 && (await count('delivery', 'tenant-q')) === 2 ? true : undefined;
      });
      expect(await count('payment', 'tenant-q')).toBe(1);
    });

    it('a queue function declared with defineQueue logs and drops a malformed message, and handles a valid one', async () => {
      const queue = queues().getQueueClient(`${host.queuePrefix}fixture-notes`);
      const poison = queues().getQueueClient(`${host.queuePrefix}fixture-notes-poison`);
      await queue.createIfNotExists();
      await poison.createIfNotExists();
      const encode = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64');
      await queue.sendMessage(encode({ tenantId: 'tenant-n', text: '' }));
      await queue.sendMessage(encode({ tenantId: 'tenant-n', text: 'queued' }));

      await eventually(async () => {
        const { approximateMessagesCount } = await queue.getProperties();
        return approximateMessagesCount === 0 && (await count('queued-note', 'tenant-n')) === 1 ? true : undefined;
      });
      const dropped = () => host.output().match(/queued-note message refused.*fixture-notes/g)?.length ?? 0;
      await eventually(async () => (dropped() > 0 ? true : undefined));
      expect(dropped()).toBe(1);
      expect(host.output()).not.toMatch(/record-queued-note queue:fixture-notes failed/);
      expect((await poison.peekMessages({ numberOfMessages: 5 })).peekedMessageItems).toEqual([]);
    });

    it('a message that always fails lands in the poison queue after maxDequeueCount tries', async () => {
      const queue = queues().getQueueClient('fixture-failures');
      const poison = queues().getQueueClient('fixture-failures-poison');
      await queue.createIfNotExists();
      await poison.createIfNotExists();
      const text = Buffer.from(JSON.stringify({ doomed: true })).toString('base64');
      await queue.sendMessage(text);

      const poisoned = await eventually(async () => {
        const { peekedMessageItems } = await poison.peekMessages({ numberOfMessages: 5 });
        return peekedMessageItems.length > 0 ? peekedMessageItems : undefined;
      });
      expect(poisoned[0]!.messageText).toBe(text);
      const tries = () => host.output().match(/always-fails queue:fixture-failures failed/g)?.length ?? 0;
      await eventually(async () => (tries() >= 3 ? true : undefined));
      expect(tries()).toBe(3);
      expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
    });
  });

  describe('timers and the admin API', () => {
    it('POST /admin/functions/{name} runs a timer now', async () => {
      const response = await fetch(`${host.url}/admin/functions/nightly-close`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(202);
      await eventually(async () => ((await count('timer-run', 'fixture-timer')) === 1 ? true : undefined));
    });

    it('the admin API does not know HTTP functions or unknown names', async () => {
      expect((await fetch(`${host.url}/admin/functions/notes-create`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${host.url}/admin/functions/nope`, { method: 'POST' })).status).toBe(404);
    });
  });
});
