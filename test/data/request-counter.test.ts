import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import { describe, expect, inject, it } from 'vitest';
import { createRequestCounter } from '../../shared/platform/data/request-counter';
import { createTestDatabase } from '../harness/cosmos';

describe('Cosmos request counter', () => {
  it('counts round trips and documents returned, at the client', async () => {
    const db = await createTestDatabase();
    const counter = createRequestCounter();
    const client = new CosmosClient({
      endpoint: inject('cosmosEndpoint'),
      key: inject('cosmosKey'),
      plugins: [counter.plugin],
    } as CosmosClientOptions);
    const container = client.database(db.name).container('tenant-data');
    await Promise.all([1, 2, 3].map((n) => db.containers.tenantData.items.create({ id: `d${n}`, tenantId: 't' })));
    counter.reset();

    await container.item('d1', 't').read();
    await container.items
      .query(
        { query: 'SELECT * FROM c WHERE c.tenantId = @t', parameters: [{ name: '@t', value: 't' }] },
        { partitionKey: 't' },
      )
      .fetchAll();

    expect(counter.documentsRead).toBe(4);
    expect(counter.roundTrips).toBeGreaterThanOrEqual(2);
  });
});
