import { randomUUID } from 'node:crypto';
import { countDocuments, waitUntil, withBenchApp } from './bench-app';
import { startAnthropicStandIn } from '../local/stand-ins/anthropic/server';
import { cosmosItemStore } from '../shared/items/cosmos-item-store';
import { randomIds, systemClock } from '../shared/platform/clock';
import { dispatchOutbox, type OutboxTicket } from '../shared/platform/outbox/outbox-record';

/**
 * Items classified per second through the queue: the real app under the local host (its own
 * host.json queue settings) takes classification messages from Azurite, claims each outbox record,
 * calls the Anthropic stand-in through the official client and stores the suggestion. The items
 * and their outbox work are staged first; the clock runs from sending the messages until every
 * item has its suggestion. The stand-in answers at once, so this is our side's cost per item.
 */
export async function measureClassification(options: {
  readonly cosmos: { endpoint: string; key: string; database: string };
  readonly storage: string;
  readonly secrets: Record<string, string>;
  readonly items?: number;
}) {
  const count = options.items ?? 200;
  const anthropic = await startAnthropicStandIn({ apiKey: options.secrets.ANTHROPIC_API_KEY! });
  const appOptions = {
    cosmos: options.cosmos,
    storage: options.storage,
    secrets: options.secrets,
    settings: { ANTHROPIC_API_URL: anthropic.url, AI_CLASSIFICATION_PER_MINUTE: '1000000' },
  };
  try {
    return await withBenchApp(appOptions, async (app) => {
      const tenantId = `org-items-${randomUUID().slice(0, 8)}`;
      const store = cosmosItemStore(
        { container: app.tenantData, clock: systemClock, ids: randomIds },
        { tenantId, actor: { id: 'system:bench', kind: 'system' } },
      );
      const tickets: OutboxTicket[] = [];
      const descriptions = ['Hosted software subscription', 'Cotton t-shirt', 'Consulting hours', 'Office chair'];
      for (let i = 0; i < count; i += 1) {
        const id = `item-${randomUUID()}`;
        const outboxId = `outbox-${randomUUID()}`;
        const ticket = await store.write({
          id,
          item: {
            next: {
              sku: `B-${i}`,
              skuKey: `b-${i}`,
              name: `Bench item ${i}`,
              description: descriptions[i % descriptions.length]!,
              itemType: 'service',
              currency: 'USD',
              unitPriceMinor: '1000',
              revenueAccountId: 'account-bench',
              expenseAccountId: null,
              taxCode: null,
              active: true,
              deleted: false,
            },
          },
          classification: {
            next: { itemId: id, status: 'pending', outboxId, suggestion: null, detail: null, decision: null },
          },
          classify: outboxId,
        });
        tickets.push(ticket!);
      }
      const started = performance.now();
      await dispatchOutbox(app.queues, tickets);
      const pending = () => countDocuments(app, tenantId, "c.type = 'item-classification' AND c.status = 'pending'");
      await waitUntil(
        async () => (await pending()) === 0,
        300_000,
        () => 'classification did not finish in 5 minutes',
        100,
      );
      const seconds = (performance.now() - started) / 1000;
      return {
        items: count,
        seconds: Number(seconds.toFixed(2)),
        itemsPerSecond: Number((count / seconds).toFixed(1)),
        requestsToAnthropic: anthropic.requests().length,
      };
    });
  } finally {
    await anthropic.stop();
  }
}
