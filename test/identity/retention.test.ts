import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordFailedSignIn, failedSignInLimit } from '../../shared/identity/ip-blocks';
import { createSecurityLog } from '../../shared/identity/security-log';
import { openPendingSignIn } from '../../shared/identity/sign-in-transaction';
import { createSharedRateLimiter } from '../../shared/platform/auth/shared-rate-limiter';
import { containers } from '../../shared/platform/data/containers';
import { UnauthenticatedError } from '../../shared/platform/errors';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { noTelemetry } from '../../shared/platform/telemetry/telemetry';
import { identityDependencies } from '../../shared/identity/identity-dependencies';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';
import { PlatformRepository } from '../../shared/platform/data/platform-repository';

/**
 * The emulator (@vercel/cosmosdb-server) keeps a container's defaultTtl but never expires
 * anything, so expiry itself cannot be watched here. What can be: the container is created
 * with TTL on, in the code and in the Bicep, and every ephemeral document carries a `ttl`.
 */
describe('ephemeral platform documents expire', () => {
  let db: TestDatabase;
  let n = 0;
  const clock = { now: () => new Date('2026-11-24T10:00:05Z') };
  const ids = { newId: () => `id-${(n += 1)}` };
  const logger = createLogger({ level: 'error', sink: () => undefined });

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  it('the platform container has TTL on (documents without a ttl stay) and organisations’ data has none', async () => {
    expect(containers.platform.defaultTtl).toBe(-1);
    expect((await db.containers.platform.read()).resource?.defaultTtl).toBe(-1);
    expect((await db.containers.tenantData.read()).resource?.defaultTtl).toBeUndefined();
    const bicep = readFileSync(resolve(__dirname, '../../infra/modules/cosmos.bicep'), 'utf8');
    expect(bicep).toMatch(/\{ name: 'platform', partitionKey: '\/id', defaultTtl: -1 \}/);
    expect(bicep).toMatch(/defaultTtl: c\.defaultTtl/);
  });

  it('security events, failed sign-in counts, automatic blocks, rate windows and violations, pending sign-ins carry a ttl', async () => {
    const identity = identityDependencies({
      container: db.containers.tenantData,
      platform: new PlatformRepository(db.containers.platform),
      clock,
      ids,
    });
    const securityLog = createSecurityLog({ ...identity, logger, telemetry: noTelemetry });
    await securityLog.credentialRefused(new UnauthenticatedError('bad signature', { verified: false }), {
      ip: '198.51.100.1',
      route: 'me',
    });
    for (let i = 0; i < failedSignInLimit; i += 1) await recordFailedSignIn(identity.platform, '198.51.100.2', clock);
    const limiter = createSharedRateLimiter(
      new PlatformRepository(db.containers.platform),
      clock,
      { logger, telemetry: noTelemetry },
      { global: 1, authentication: 1 },
    );
    await limiter.check('ip:198.51.100.3', 'global');
    await expect(limiter.check('ip:198.51.100.3', 'global')).rejects.toThrow();

    await openPendingSignIn(identity, { tenantId: 'org-x', provider: 'google' });

    const { resources } = await db.containers.platform.items
      .query<{ type: string; ttl?: number }>('SELECT c.type, c.ttl FROM c')
      .fetchAll();
    expect(new Set(resources.map((r) => r.type))).toEqual(
      new Set([
        'security-event',
        'failed-sign-ins',
        'platform-ip-block',
        'rate-window',
        'rate-violation',
        'pending-sign-in',
      ]),
    );
    for (const document of resources) expect(document.ttl, document.type).toBeGreaterThan(0);
    const event = resources.find((r) => r.type === 'security-event')!;
    expect(event.ttl).toBe(90 * 24 * 60 * 60);
  });
});
