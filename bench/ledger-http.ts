import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { createAccessTokens } from '../shared/identity/access-tokens';
import { memberType, type Member } from '../shared/identity/member';
import { startSession } from '../shared/identity/sessions';
import { systemClock } from '../shared/platform/clock';
import { parseSigningKeyRing } from '../shared/platform/config/secrets';
import { containers } from '../shared/platform/data/containers';
import { TenantRepository } from '../shared/platform/data/tenant-repository';

/**
 * Journal-entry posts through the local host: drafts first, then every post timed over HTTP
 * with a few in flight, and the host's own Cosmos round trips per post (read from its counter).
 */
export async function measurePostsThroughHost(
  apiUrl: string,
  cosmos: { endpoint: string; key: string; database: string },
  signingKeys: string,
) {
  const data = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key })
    .database(cosmos.database)
    .container(containers.tenantData.name);
  const tenantId = `org-http-${randomUUID().slice(0, 8)}`;
  const repository = new TenantRepository(data, { tenantId, actor: { id: 'system:bench', kind: 'system' } });
  await repository.create('organization', tenantId, {
    slug: 'http',
    name: 'HTTP',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
  });
  await repository.create<Member>(memberType, 'member-bench', {
    email: 'bench@x.example',
    displayName: 'Bench',
    status: 'active',
    permissions: { ledger: 'admin', 'journal-entries': 'admin' },
  });
  const { session } = await startSession(
    { container: data, clock: systemClock, ids: { newId: () => randomUUID() } },
    { tenantId, actor: { id: 'member-bench', kind: 'member' } },
    { memberId: 'member-bench', kind: 'member', provider: 'entra' },
  );
  const tokens = createAccessTokens(parseSigningKeyRing('TOKEN_SIGNING_KEYS', signingKeys), systemClock);
  const authorization = `Bearer ${(await tokens.issue({ tenantId, memberId: 'member-bench', sessionId: session.id, kind: 'member' })).token}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${apiUrl}/api${path}`, {
      method,
      headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ id: string }>;
  };
  const cash = await call('POST', '/ledger/accounts', { code: '1000', name: 'Cash', type: 'asset' });
  const sales = await call('POST', '/ledger/accounts', { code: '4000', name: 'Sales', type: 'revenue' });
  const count = 300;
  const drafts: string[] = [];
  for (let i = 0; i < count; i += 1) {
    drafts.push(
      (
        await call('POST', '/ledger/journal-entries', {
          date: '2026-02-10',
          memo: 'bench',
          currency: 'USD',
          lines: [
            { accountId: cash.id, side: 'debit', amount: '1.00' },
            { accountId: sales.id, side: 'credit', amount: '1.00' },
          ],
        })
      ).id,
    );
  }
  await fetch(`${apiUrl}/api/bench/cosmos-requests`, { method: 'POST' });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < drafts.length) await call('POST', `/ledger/journal-entries/${drafts[next++]}/post`);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const counts = (await (await fetch(`${apiUrl}/api/bench/cosmos-requests`, { method: 'POST' })).json()) as {
    roundTrips: number;
  };
  return {
    postsPerSecond: Math.round(count / seconds),
    roundTripsPerPost: Math.round((counts.roundTrips / count) * 10) / 10,
    concurrency: 4,
  };
}
