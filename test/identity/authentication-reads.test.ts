import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import { describe, expect, inject, it } from 'vitest';
import { createAccessTokens } from '../../shared/identity/access-tokens';
import { tenantIdentityDependencies } from '../../shared/identity/identity-dependencies';
import { memberType, type Member } from '../../shared/identity/member';
import { createSessionAuthentication } from '../../shared/identity/session-authenticator';
import { startSession } from '../../shared/identity/sessions';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { PlatformRepository } from '../../shared/platform/data/platform-repository';
import { cosmosPlatformIdentityStore } from '../../shared/identity/cosmos-platform-identity-store';
import { createRequestCounter } from '../../shared/platform/data/request-counter';
import { createTestDatabase } from '../harness/cosmos';

const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe("identity's store keeps an authenticated request's reads to one query", () => {
  it('reads the session, the member, the address block and the organisation in one query', async () => {
    const db = await createTestDatabase();
    const counter = createRequestCounter();
    const counted = new CosmosClient({
      endpoint: inject('cosmosEndpoint'),
      key: inject('cosmosKey'),
      plugins: [counter.plugin],
    } as CosmosClientOptions)
      .database(db.name)
      .container('tenant-data');
    const clock = { now: () => new Date() };
    const deps = tenantIdentityDependencies({ container: counted, clock, ids: { newId: () => randomUUID() } });
    const tokens = createAccessTokens({ primary: 'k1', keys: { k1: pem } }, clock);
    const tenantId = `org-${randomUUID()}`;
    const context = { tenantId, actor: { id: 'member-ann', kind: 'member' as const } };
    await new TenantRepository(db.containers.tenantData, context).create<Member>(memberType, 'member-ann', {
      email: 'ann@x.example',
      displayName: 'Ann',
      status: 'active',
      permissions: { ledger: 'read' },
    });
    const { session } = await startSession(deps, context, {
      memberId: 'member-ann',
      kind: 'member',
      provider: 'google',
    });
    const { token } = await tokens.issue({ tenantId, memberId: 'member-ann', sessionId: session.id, kind: 'member' });
    const { authenticator, sessionGuard } = createSessionAuthentication(
      { ...deps, platform: cosmosPlatformIdentityStore(new PlatformRepository(db.containers.platform)) },
      tokens,
    );

    const request = { authorization: `Bearer ${token}`, ip: '192.0.2.7' };
    // The first request of a client also reads the container's metadata; count a request after it.
    await authenticator.authenticate(request);
    counter.reset();
    const principal = await authenticator.authenticate(request);
    expect(principal).toMatchObject({ tenantId, memberId: 'member-ann', sessionId: session.id });
    // One query: the SDK's query-plan request and its one page (four point reads would be four).
    const reads = counter.roundTrips;
    expect(reads).toBeLessThanOrEqual(2);

    // Activity was written at sign-in a moment ago: touching within 30 s writes nothing.
    await sessionGuard.touch(principal, { sensitive: false });
    expect(counter.roundTrips).toBe(reads);
  });
});
