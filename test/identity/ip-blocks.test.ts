import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assertNotBlockedForSignIn,
  blockIp,
  failedSignInLimit,
  recordFailedSignIn,
  tenantBlock,
  unblockIp,
} from '../../shared/identity/ip-blocks';
import { TooManyRequestsError } from '../../shared/platform/errors';
import { cosmosPlatformIdentityStore } from '../../shared/identity/cosmos-platform-identity-store';
import { tenantIdentityDependencies } from '../../shared/identity/identity-dependencies';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';
import { PlatformRepository } from '../../shared/platform/data/platform-repository';

describe('address blocks match an address however it is spelled', () => {
  let db: TestDatabase;
  const clock = { now: () => new Date('2026-11-24T10:00:05Z') };

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  const admin = (tenantId: string) => ({
    tenantId,
    actor: { id: 'member-admin', kind: 'member' as const, ip: '192.0.2.1' },
  });

  it("an organisation's block on a plain IPv4 address stops its IPv4-mapped form, and the reverse", async () => {
    const context = admin(`org-${randomUUID()}`);
    const deps = tenantIdentityDependencies({
      container: db.containers.tenantData,
      clock,
      ids: { newId: () => randomUUID() },
    });
    const store = deps.storeFor(context);
    await blockIp(deps, context, { ip: '198.51.100.7', reason: 'plain' });
    await blockIp(deps, context, { ip: '::ffff:203.0.113.9', reason: 'mapped' });
    await blockIp(deps, context, { ip: '2001:DB8:0::1', reason: 'ipv6' });

    expect(await tenantBlock(store, '::ffff:198.51.100.7', clock.now())).toMatchObject({ ip: '198.51.100.7' });
    expect(await tenantBlock(store, '::ffff:c633:6407', clock.now())).toBeDefined();
    expect(await tenantBlock(store, '203.0.113.9', clock.now())).toMatchObject({ ip: '203.0.113.9' });
    expect(await tenantBlock(store, '2001:db8::1', clock.now())).toBeDefined();
    expect(await tenantBlock(store, '198.51.100.8', clock.now())).toBeUndefined();

    await unblockIp(deps, context, '::ffff:198.51.100.7');
    expect(await tenantBlock(store, '198.51.100.7', clock.now())).toBeUndefined();
  });

  it('failed sign-ins from both spellings of one address count together and block both', async () => {
    for (let i = 0; i < failedSignInLimit; i += 1)
      await recordFailedSignIn(
        cosmosPlatformIdentityStore(new PlatformRepository(db.containers.platform)),
        i % 2 ? '::ffff:192.0.2.50' : '192.0.2.50',
        clock,
      );

    for (const spelling of ['192.0.2.50', '::ffff:192.0.2.50', '::ffff:c000:232'])
      await expect(
        assertNotBlockedForSignIn(
          cosmosPlatformIdentityStore(new PlatformRepository(db.containers.platform)),
          spelling,
          clock,
        ),
        spelling,
      ).rejects.toThrow(TooManyRequestsError);
    await expect(
      assertNotBlockedForSignIn(
        cosmosPlatformIdentityStore(new PlatformRepository(db.containers.platform)),
        '192.0.2.51',
        clock,
      ),
    ).resolves.toBeUndefined();
  });
});
