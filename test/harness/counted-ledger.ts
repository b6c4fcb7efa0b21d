import { randomUUID } from 'node:crypto';
import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import { ledgerDependencies, type LedgerDependencies } from '../../shared/ledger/ledger-dependencies';
import { containers } from '../../shared/platform/data/containers';
import type { CosmosRequestCounter } from '../../shared/platform/data/request-counter';
import type { TestDatabase } from './cosmos';

/** The ledger's dependencies on a test database through a client of their own that counts its round trips. */
export function countedLedgerDependencies(db: TestDatabase, counter: CosmosRequestCounter): LedgerDependencies {
  const client = new CosmosClient({
    endpoint: db.endpoint,
    key: db.key,
    plugins: [counter.plugin],
  } as CosmosClientOptions);
  return ledgerDependencies({
    container: client.database(db.name).container(containers.tenantData.name),
    clock: { now: () => new Date() },
    ids: { newId: () => randomUUID() },
  });
}

/** The ledger's dependencies on a test database's own container, on the system clock or at `now`. */
export function testLedgerDependencies(db: TestDatabase, now?: string): LedgerDependencies {
  return ledgerDependencies({
    container: db.containers.tenantData,
    clock: { now: () => (now ? new Date(now) : new Date()) },
    ids: { newId: () => randomUUID() },
  });
}
