import { beforeAll, describe, expect, it } from 'vitest';
import { createSharedRateLimiter } from '../../shared/platform/auth/shared-rate-limiter';
import { TooManyRequestsError } from '../../shared/platform/errors';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { noTelemetry } from '../../shared/platform/telemetry/telemetry';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';
import { PlatformRepository } from '../../shared/platform/data/platform-repository';

describe('shared rate limits', () => {
  let db: TestDatabase;
  let now = new Date('2026-11-24T10:00:05Z');
  const clock = { now: () => now };
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', sink: (line) => lines.push(line) });
  const limits = { global: 100, authentication: 20 };

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  it('allows 20 sign-in attempts a minute per client, refuses the 21st with Retry-After, and keeps the violation', async () => {
    const limiter = createSharedRateLimiter(
      new PlatformRepository(db.containers.platform),
      clock,
      { logger, telemetry: noTelemetry },
      limits,
    );
    for (let i = 0; i < 20; i += 1) await limiter.check('ip:198.51.100.7', 'authentication');

    const refused = await limiter.check('ip:198.51.100.7', 'authentication').catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).retryAfterSeconds).toBe(55);
    const { resources } = await db.containers.platform.items
      .query("SELECT * FROM c WHERE c.type = 'rate-violation'")
      .fetchAll();
    expect(resources).toMatchObject([{ policy: 'authentication', client: 'ip:198.51.100.7' }]);
    expect(lines.some((line) => line.includes('rate limit exceeded'))).toBe(true);
  });

  it('counts across instances: two limiters share one budget', async () => {
    const first = createSharedRateLimiter(
      new PlatformRepository(db.containers.platform),
      clock,
      { logger, telemetry: noTelemetry },
      limits,
    );
    const second = createSharedRateLimiter(
      new PlatformRepository(db.containers.platform),
      clock,
      { logger, telemetry: noTelemetry },
      limits,
    );
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? first : second).check('ip:203.0.113.50', 'global')),
    );
    await expect(first.check('ip:203.0.113.50', 'global')).rejects.toThrow(TooManyRequestsError);
    await expect(second.check('ip:203.0.113.51', 'global')).resolves.toBeUndefined();
  });

  it('starts a fresh budget in the next minute', async () => {
    const limiter = createSharedRateLimiter(
      new PlatformRepository(db.containers.platform),
      clock,
      { logger, telemetry: noTelemetry },
      limits,
    );
    for (let i = 0; i < 20; i += 1) await limiter.check('ip:192.0.2.1', 'authentication');
    await expect(limiter.check('ip:192.0.2.1', 'authentication')).rejects.toThrow(TooManyRequestsError);
    now = new Date('2026-11-24T10:01:00Z');
    await expect(limiter.check('ip:192.0.2.1', 'authentication')).resolves.toBeUndefined();
  });
});
