import { randomUUID } from 'node:crypto';
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import { inject } from 'vitest';
import { provisionCosmos } from '../../local/provision';
import { containers } from '../../shared/platform/data/containers';

export interface TestDatabase {
  readonly client: CosmosClient;
  readonly database: Database;
  readonly containers: { readonly tenantData: Container; readonly platform: Container };
  readonly endpoint: string;
  readonly key: string;
  readonly name: string;
}

/** A fresh, uniquely named database with every container, on the run's shared emulator. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const endpoint = inject('cosmosEndpoint');
  const key = inject('cosmosKey');
  const client = new CosmosClient({ endpoint, key });
  const name = `test-${randomUUID()}`;
  const database = await provisionCosmos(client, name);
  return {
    client,
    database,
    endpoint,
    key,
    name,
    containers: {
      tenantData: database.container(containers.tenantData.name),
      platform: database.container(containers.platform.name),
    },
  };
}
