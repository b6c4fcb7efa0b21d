import { PlatformRepository } from '../../shared/platform/data/platform-repository';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicStandIn, type AnthropicStandIn } from '../../local/stand-ins/anthropic/server';
import { createAnthropicTaxClassifier } from '../../shared/items/anthropic-tax-classifier';
import { ClassificationRetryLater, classifyItem } from '../../shared/items/classification';
import { cosmosItemStore } from '../../shared/items/cosmos-item-store';
import type { ItemStore } from '../../shared/items/item-store';
import type { ClassificationDependencies } from '../../shared/items/items-dependencies';
import { createSharedRateLimiter } from '../../shared/platform/auth/shared-rate-limiter';
import { randomIds, type Clock } from '../../shared/platform/clock';
import { createQueueSender } from '../../shared/platform/queues/queue-sender';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { noTelemetry } from '../../shared/platform/telemetry/telemetry';
import { QueueServiceClient } from '@azure/storage-queue';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';
import { storageConnectionString } from '../harness/storage';

const apiKey = 'sk-ant-test-step-0123456789abcdef';
const model = 'claude-haiku-4-5-20251001';
/** One fixed minute, so the rate-limit window cannot roll over during the test. */
const clock: Clock = { now: () => new Date('2026-11-25T10:00:30Z') };
const system = { id: 'system:test', kind: 'system' as const };

/**
 * The queue step itself against the emulator and the stand-in: the switches checked when the work
 * runs (not only when it was staged), and the organisation's rate limit on calls.
 */
describe('the classification step', () => {
  let db: TestDatabase;
  let anthropic: AnthropicStandIn;
  const logger = createLogger({ level: 'error' });

  const deps = (overrides: Partial<ClassificationDependencies> = {}): ClassificationDependencies => ({
    storeFor: (context) => cosmosItemStore({ container: db.containers.tenantData, clock, ids: randomIds }, context),
    clock,
    ids: randomIds,
    queues: createQueueSender(
      QueueServiceClient.fromConnectionString(storageConnectionString()),
      `t${randomUUID().slice(0, 8)}-`,
    ),
    logger,
    platformClassification: true,
    model,
    classifier: createAnthropicTaxClassifier({ baseUrl: anthropic.url, apiKey, model, timeoutSeconds: 5 }),
    limiter: createSharedRateLimiter(
      new PlatformRepository(db.containers.platform),
      clock,
      { logger, telemetry: noTelemetry },
      { global: 100, authentication: 100 },
    ),
    lastDelivery: 5,
    pause: async () => undefined,
    ...overrides,
  });

  /** An item with pending classification work, as creating it through the API stages it (not dispatched). */
  async function stagedItem(store: ItemStore, name: string): Promise<{ itemId: string; outboxId: string }> {
    const itemId = `item-${randomUUID()}`;
    const outboxId = `outbox-${randomUUID()}`;
    await store.write({
      id: itemId,
      item: {
        next: {
          sku: itemId,
          skuKey: itemId,
          name,
          description: 'Hosted software',
          itemType: 'service',
          currency: 'USD',
          unitPriceMinor: '100',
          revenueAccountId: 'account-x',
          expenseAccountId: null,
          taxCode: null,
          active: true,
          deleted: false,
        },
      },
      classification: { next: { itemId, status: 'pending', outboxId, suggestion: null, detail: null, decision: null } },
      classify: outboxId,
    });
    return { itemId, outboxId };
  }

  const organisation = () => {
    const tenantId = `org-${randomUUID().slice(0, 8)}`;
    return {
      tenantId,
      store: cosmosItemStore(
        { container: db.containers.tenantData, clock, ids: randomIds },
        { tenantId, actor: system },
      ),
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    anthropic = await startAnthropicStandIn({ apiKey });
  });
  afterAll(() => anthropic.stop());
  beforeEach(() => anthropic.reset());

  it('sends nothing when the platform switch is off', async () => {
    const { tenantId, store } = organisation();
    const { itemId, outboxId } = await stagedItem(store, 'Platform off');
    expect(
      await classifyItem(deps({ platformClassification: false }), { tenantId, outboxId }, { dequeueCount: 1 }),
    ).toBe('off');
    expect(anthropic.requests()).toHaveLength(0);
    expect(await store.findClassification(itemId)).toMatchObject({ status: 'off', suggestion: null });
  });

  it('sends nothing when the organisation switched off after the work was staged', async () => {
    const { tenantId, store } = organisation();
    const { itemId, outboxId } = await stagedItem(store, 'Late switch');
    await store.writeSettings(
      { classificationEnabled: false },
      { action: 'items.classification-switched', target: { type: 'organization', id: tenantId } },
    );
    expect(await classifyItem(deps(), { tenantId, outboxId }, { dequeueCount: 1 })).toBe('off');
    expect(anthropic.requests()).toHaveLength(0);
    expect((await store.findClassification(itemId))?.detail).toMatch(/nothing was sent/);
  });

  it('holds an organisation to its rate limit: past it, no call; on the last delivery, suggestion unavailable', async () => {
    const { tenantId, store } = organisation();
    const limited = deps({
      limiter: createSharedRateLimiter(
        new PlatformRepository(db.containers.platform),
        clock,
        { logger, telemetry: noTelemetry },
        { global: 1, authentication: 1 },
      ),
    });
    const first = await stagedItem(store, 'First within the limit');
    const second = await stagedItem(store, 'Second past the limit');
    expect(await classifyItem(limited, { tenantId, outboxId: first.outboxId }, { dequeueCount: 1 })).toBe('suggested');
    await expect(
      classifyItem(limited, { tenantId, outboxId: second.outboxId }, { dequeueCount: 1 }),
    ).rejects.toBeInstanceOf(ClassificationRetryLater);
    expect(await classifyItem(limited, { tenantId, outboxId: second.outboxId }, { dequeueCount: 5 })).toBe(
      'unavailable',
    );
    expect(anthropic.requests()).toHaveLength(1);
    expect((await store.findClassification(second.itemId))?.detail).toMatch(/rate limit/);
    // Another organisation has its own count.
    const other = organisation();
    const theirs = await stagedItem(other.store, 'Other organisation');
    expect(
      await classifyItem(limited, { tenantId: other.tenantId, outboxId: theirs.outboxId }, { dequeueCount: 1 }),
    ).toBe('suggested');
  });

  it('does nothing for work whose item was reworded since (a newer request supersedes it)', async () => {
    const { tenantId, store } = organisation();
    const { itemId, outboxId } = await stagedItem(store, 'Old words');
    const classification = (await store.findClassification(itemId))!;
    await store.replaceClassification(classification, { ...classification, outboxId: `outbox-${randomUUID()}` });
    expect(await classifyItem(deps(), { tenantId, outboxId }, { dequeueCount: 1 })).toBe('superseded');
    expect(anthropic.requests()).toHaveLength(0);
  });
});
