import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicStandIn, type AnthropicStandIn } from '../../local/stand-ins/anthropic/server';
import { classificationInstructions, classificationRequest } from '../../shared/items/classification-request';
import { outboxType, type OutboxRecord } from '../../shared/platform/outbox/outbox-record';
import { auditRecordsOf } from '../harness/audit-records';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import { appEntry, eventually, fastQueuesRoot, queueSenderFor } from '../harness/outbox';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const model = 'claude-haiku-4-5-20251001';

interface ItemAnswer {
  id: string;
  sku: string;
  taxCode: string | null;
  updatedAt: string;
  classification: {
    status: string;
    suggestion: { code: string; name: string; confidence: number; reason: string; model: string } | null;
    detail: string | null;
    decision: { kind: string; code: string; by: string } | null;
  };
}

describe('items and their AI sales-tax suggestions, through the queue and the Anthropic stand-in', () => {
  let anthropic: AnthropicStandIn;
  let host: RunningHost;
  let data: Container;
  let admin: string;
  let editor: string;
  let accounts: { revenue: string; expense: string };
  const org = `org-${randomUUID().slice(0, 8)}`;

  const call = async (authorization: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${host.url}/api/${path}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as ItemAnswer & Record<string, unknown>,
    };
  };
  let counter = 0;
  const itemBody = (name: string, description: string, extra: Record<string, unknown> = {}) => ({
    sku: `SKU-${(counter += 1)}-${randomUUID().slice(0, 6)}`,
    name,
    description,
    type: 'service',
    currency: 'USD',
    unitPrice: '149.90',
    revenueAccountId: accounts.revenue,
    ...extra,
  });
  const create = async (name: string, description: string, extra: Record<string, unknown> = {}) => {
    const created = await call(admin, 'POST', 'items', itemBody(name, description, extra));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  /** The item once its classification left `pending`. */
  const settled = (id: string, ms?: number) =>
    eventually(async () => {
      const { body } = await call(admin, 'GET', `items/${id}`);
      return body.classification.status === 'pending' ? undefined : body;
    }, ms);
  const requestsAbout = (name: string) =>
    anthropic
      .requests()
      .filter((r) => (r.body as { messages: Array<{ content: string }> }).messages[0]!.content.includes(name));
  const audit = (action: string) =>
    auditRecordsOf<{ actor: { id: string }; target: { id: string }; details: Record<string, unknown> }>(
      data,
      org,
      action,
    );

  beforeAll(async () => {
    anthropic = await startAnthropicStandIn({ apiKey: secrets.ANTHROPIC_API_KEY });
    host = await startHostedApp({
      appRoot: fastQueuesRoot,
      entry: appEntry,
      env: {
        ...secrets,
        ANTHROPIC_API_URL: anthropic.url,
        ANTHROPIC_MODEL: model,
        RATE_LIMIT_GLOBAL_PER_MINUTE: '100000',
      },
    });
    data = host.containers.tenantData;
    const everything = { ledger: 'admin', items: 'admin', settings: 'admin' } as const;
    await addTestMember(data, org, 'item-admin', everything);
    await addTestMember(data, org, 'item-editor', { ledger: 'read', items: 'edit' });
    admin = (await openTestSession(data, tokens, org, 'item-admin')).authorization;
    editor = (await openTestSession(data, tokens, org, 'item-editor')).authorization;
    const account = async (code: string, type: string) =>
      (await call(admin, 'POST', 'ledger/accounts', { code, name: `Account ${code}`, type })).body.id;
    accounts = { revenue: await account('4000', 'revenue'), expense: await account('5000', 'expense') };
  });
  afterAll(async () => {
    await host?.stop();
    await anthropic?.stop();
  });
  beforeEach(() => anthropic.reset());

  it('sends only the name and description, exactly, and stores the suggestion beside the item', async () => {
    const name = 'Ledger Cloud Pro';
    const description = 'Hosted accounting software subscription, billed monthly';
    const created = await create(name, description, { unitPrice: '987.65' });
    expect(created.classification.status).toBe('pending');
    const item = await settled(created.id);
    expect(item.classification).toMatchObject({
      status: 'suggested',
      suggestion: { code: 'txcd_10103001', name: 'Software as a service (SaaS) - business use', model },
      decision: null,
    });
    expect(item.taxCode).toBeNull();
    expect(item.updatedAt).toBe(created.updatedAt);

    const [request, ...more] = anthropic.requests();
    expect(more).toHaveLength(0);
    const body = request!.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'max_tokens',
      'messages',
      'model',
      'system',
      'temperature',
      'tool_choice',
      'tools',
    ]);
    expect(body.messages).toEqual([{ role: 'user', content: JSON.stringify({ name, description }) }]);
    expect(body.system).toBe(classificationInstructions);
    expect(body).toEqual(JSON.parse(JSON.stringify(classificationRequest(model, { name, description }))));
    for (const secret of [created.id, created.sku, org, '987.65', '98765', accounts.revenue, 'item-admin', 'USD'])
      expect(request!.raw, secret).not.toContain(secret);
  });

  it('keeps SKUs unique within the organisation regardless of case', async () => {
    const first = itemBody('Widget', 'A widget');
    expect((await call(admin, 'POST', 'items', first)).status).toBe(201);
    const again = await call(admin, 'POST', 'items', { ...itemBody('Other', 'Other'), sku: first.sku.toLowerCase() });
    expect(again.status).toBe(409);
  });

  it('makes one request and one suggestion when the queue delivers the message three times', async () => {
    const name = `Consulting hours ${randomUUID().slice(0, 6)}`;
    const created = await create(name, 'Consulting service billed per hour');
    const { resource } = await data.item(`classification-${created.id}`, org).read<{ outboxId: string }>();
    const queues = queueSenderFor(host.queuePrefix);
    for (let i = 0; i < 2; i += 1)
      await queues.send('tax-classification', { tenantId: org, outboxId: resource!.outboxId });
    expect((await settled(created.id)).classification.suggestion?.code).toBe('txcd_20030000');
    await new Promise((r) => setTimeout(r, 1500));
    expect(requestsAbout(name)).toHaveLength(1);
    const { resource: record } = await data.item(resource!.outboxId, org).read<OutboxRecord>();
    expect(record).toMatchObject({ type: outboxType, state: 'completed', attempts: 1 });
  });

  it('keeps no suggestion from a malformed or out-of-taxonomy answer', async () => {
    anthropic.failNext('malformed');
    const malformed = await settled((await create('Mystery box', 'Something')).id);
    expect(malformed.classification).toMatchObject({ status: 'none', suggestion: null });
    anthropic.failNext('out-of-taxonomy');
    const outside = await settled((await create('Mystery crate', 'Something else')).id);
    expect(outside.classification).toMatchObject({ status: 'none', suggestion: null });
    expect([malformed.taxCode, outside.taxCode]).toEqual([null, null]);
  });

  it('retries a 429 after retry-after and a 529, then suggests', async () => {
    anthropic.failNext('rate-limited');
    anthropic.failNext('overloaded');
    const item = await settled((await create('Cotton shirt', 'A cotton shirt')).id);
    expect(item.classification.suggestion?.code).toBe('txcd_30011000');
    expect(requestsAbout('Cotton shirt')).toHaveLength(3);
  });

  it('does not retry a spend limit: the item shows "suggestion unavailable" and nothing else changes', async () => {
    anthropic.failNext('spend-limit');
    const created = await create('Catering lunch', 'Lunch catering for ten');
    const item = await settled(created.id);
    expect(item.classification).toMatchObject({ status: 'unavailable', suggestion: null });
    expect(item.classification.detail).toMatch(/suggestion unavailable: spend limit/);
    expect(requestsAbout('Catering lunch')).toHaveLength(1);
    const { classification: _before, ...itemBefore } = created;
    const { classification: _after, ...itemAfter } = item;
    expect(itemAfter).toEqual(itemBefore);
  });

  it('gives up after the last delivery of an overloaded API with "suggestion unavailable"', async () => {
    anthropic.failNext('overloaded', 100);
    const created = await create('Snack pack', 'Snacks');
    const item = await settled(created.id, 60_000);
    anthropic.reset();
    expect(item.classification).toMatchObject({ status: 'unavailable', suggestion: null });
    expect(item.classification.detail).toMatch(/529/);
    expect(item.taxCode).toBeNull();
  });

  it('sends nothing while the organisation switch is off, and asks again when the words change after it is on', async () => {
    expect((await call(editor, 'PUT', 'items/classification', { enabled: false })).status).toBe(403);
    const off = await call(admin, 'PUT', 'items/classification', { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, platformEnabled: true, model });
    const created = await create('Quiet item', 'Nobody hears of it');
    expect(created.classification).toMatchObject({ status: 'off', suggestion: null });
    await new Promise((r) => setTimeout(r, 1500));
    expect(anthropic.requests()).toHaveLength(0);
    expect(await audit('items.classification-switched')).toMatchObject([{ details: { enabled: false } }]);

    await call(admin, 'PUT', 'items/classification', { enabled: true });
    const renamed = await call(admin, 'PATCH', `items/${created.id}`, {
      name: 'Quiet software',
      description: 'Hosted software',
    });
    expect(renamed.body.classification.status).toBe('pending');
    expect((await settled(created.id)).classification.suggestion?.code).toBe('txcd_10103001');
  });

  it('changes the tax code only when an admin accepts or overrides, audited; others are refused', async () => {
    const item = await settled((await create('Online course', 'A digital download of lessons')).id);
    const code = item.classification.suggestion!.code;
    expect((await call(editor, 'POST', `items/${item.id}/tax-suggestion/accept`, { code })).status).toBe(403);
    expect(
      (await call(editor, 'POST', `items/${item.id}/tax-suggestion/override`, { taxCode: 'txcd_00000000' })).status,
    ).toBe(403);
    expect((await call(admin, 'GET', `items/${item.id}`)).body.taxCode).toBeNull();
    expect(
      (await call(admin, 'POST', `items/${item.id}/tax-suggestion/accept`, { code: 'txcd_00000000' })).status,
    ).toBe(409);

    const accepted = await call(admin, 'POST', `items/${item.id}/tax-suggestion/accept`, { code });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      taxCode: code,
      classification: { decision: { kind: 'accepted', code, by: 'item-admin' } },
    });
    const overridden = await call(admin, 'POST', `items/${item.id}/tax-suggestion/override`, {
      taxCode: 'txcd_00000000',
    });
    expect(overridden.body).toMatchObject({ taxCode: 'txcd_00000000', taxCodeName: 'Nontaxable' });
    expect((await call(admin, 'POST', `items/${item.id}/tax-suggestion/override`, { taxCode: 'txcd_1' })).status).toBe(
      400,
    );
    expect(await audit('item.tax-code-accepted')).toMatchObject([
      { actor: { id: 'item-admin' }, target: { id: item.id }, details: { code } },
    ]);
    expect(await audit('item.tax-code-overridden')).toMatchObject([
      { target: { id: item.id }, details: { code: 'txcd_00000000', previous: code, suggested: code } },
    ]);
  });

  it('lists items by name or SKU with paging, and hides deleted ones', async () => {
    const tag = randomUUID().slice(0, 6);
    const made = [];
    for (const name of [`Alpha ${tag}`, `Beta ${tag}`, `Gamma ${tag}`]) made.push(await create(name, 'listed'));
    const first = await call(admin, 'GET', `items?search=${tag}&pageSize=2`);
    expect(first.body.items as unknown[]).toHaveLength(2);
    const token = encodeURIComponent(first.body.continuationToken as string);
    const second = await call(admin, 'GET', `items?search=${tag}&pageSize=2&continuationToken=${token}`);
    expect(
      [...(first.body.items as ItemAnswer[]), ...(second.body.items as ItemAnswer[])].map((i) => i.id).sort(),
    ).toEqual(made.map((i) => i.id).sort());
    const bySku = await call(admin, 'GET', `items?search=${made[1]!.sku.toLowerCase()}`);
    expect((bySku.body.items as ItemAnswer[]).map((i) => i.id)).toEqual([made[1]!.id]);
    expect((await call(editor, 'DELETE', `items/${made[0]!.id}`)).status).toBe(403);
    expect((await call(admin, 'DELETE', `items/${made[0]!.id}`)).status).toBe(204);
    expect((await call(admin, 'GET', `items/${made[0]!.id}`)).status).toBe(404);
    const after = await call(admin, 'GET', `items?search=${tag}`);
    expect((after.body.items as ItemAnswer[]).map((i) => i.id)).not.toContain(made[0]!.id);
  });

  it('refuses an inventory item without an expense account and accounts of the wrong type', async () => {
    const noExpense = await call(admin, 'POST', 'items', itemBody('Boxes', 'Boxes', { type: 'inventory' }));
    expect(noExpense.status).toBe(400);
    const wrongType = await call(
      admin,
      'POST',
      'items',
      itemBody('Boxes', 'Boxes', { revenueAccountId: accounts.expense }),
    );
    expect(wrongType.status).toBe(400);
    const stocked = await call(
      admin,
      'POST',
      'items',
      itemBody('Boxes', 'Boxes', { type: 'inventory', expenseAccountId: accounts.expense }),
    );
    expect(stocked.status).toBe(201);
    const cents = await call(admin, 'POST', 'items', itemBody('Boxes', 'Boxes', { unitPrice: '1.234' }));
    expect(cents.status).toBe(400);
  });
});
