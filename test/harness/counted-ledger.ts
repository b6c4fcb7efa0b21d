import { randomUUID } from 'node:crypto';
import { CosmosClient, type PluginConfig } from '@azure/cosmos';
import { ledgerDependencies, type LedgerDependencies } from '../../shared/ledger/ledger-dependencies';
import { containers } from '../../shared/platform/data/containers';
import type { DomainDependencies } from '../../shared/platform/domain-dependencies';
import type { CosmosRequestCounter } from '../../shared/platform/data/request-counter';
import type { TestDatabase } from './cosmos';

const systemTime: Pick<DomainDependencies, 'clock' | 'ids'> = {
  clock: { now: () => new Date() },
  ids: { newId: () => randomUUID() },
};

/**
 * The ledger's dependencies as another process holds them: a client of its own on the test
 * database (so a posting lane of its own), with `like`'s clock and ids. The stores are built over
 * the new container: spreading ledger dependencies with a new container would keep the old stores.
 */
export function secondInstance(
  db: TestDatabase,
  like: Pick<DomainDependencies, 'clock' | 'ids'> = systemTime,
  plugins: PluginConfig[] = [],
): LedgerDependencies {
  // An empty plugin list breaks the client's request chain: give it plugins only when there are some.
  const options = { endpoint: db.endpoint, key: db.key, ...(plugins.length > 0 && { plugins }) };
  const client = new CosmosClient(options);
  return ledgerDependencies({
    container: client.database(db.name).container(containers.tenantData.name),
    clock: like.clock,
    ids: like.ids,
  });
}

/** The ledger's dependencies on a test database through a client of their own that counts its round trips. */
export function countedLedgerDependencies(db: TestDatabase, counter: CosmosRequestCounter): LedgerDependencies {
  return secondInstance(db, systemTime, [counter.plugin]);
}

/** The ledger's dependencies on a test database's own container, on the system clock or at `now`. */
export function testLedgerDependencies(db: TestDatabase, now?: string): LedgerDependencies {
  return ledgerDependencies({
    container: db.containers.tenantData,
    clock: { now: () => (now ? new Date(now) : new Date()) },
    ids: { newId: () => randomUUID() },
  });
}
