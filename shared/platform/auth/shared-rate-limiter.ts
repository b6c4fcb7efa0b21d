import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { Clock } from '../clock';
import { statusOf } from '../data/cosmos-errors';
import { TooManyRequestsError } from '../errors';
import { alertedEvents } from '../telemetry/alerted-events';
import type { Logger } from '../telemetry/logger';
import type { Telemetry } from '../telemetry/telemetry';
import type { RateLimiter } from './request-guards';

export type RateLimitPolicy = 'global' | 'authentication';
/** Requests allowed per client per minute, by policy. */
export type RateLimits = Readonly<Record<RateLimitPolicy, number>>;

const windowSeconds = 60;
/** Violations are kept for security review as long as the platform's security events. */
const violationTtlSeconds = 90 * 24 * 60 * 60;

interface Window {
  readonly id: string;
  readonly count: number;
}

/**
 * Fixed one-minute windows counted in Cosmos (the `platform` container), so every instance of
 * the app shares one count per client: a per-process counter would multiply the limit by the
 * number of instances. One atomic server-side increment per request; the first request of a
 * window creates its counter. Counters expire with the container's TTL. Violations are logged
 * and kept as documents for security review.
 */
export function createSharedRateLimiter(
  container: Container,
  clock: Clock,
  report: { readonly logger: Logger; readonly telemetry: Telemetry },
  limits: RateLimits,
): RateLimiter {
  async function increment(id: string): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        const { resource } = await container.item(id, id).patch<Window>([{ op: 'incr', path: '/count', value: 1 }]);
        return resource!.count;
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      try {
        await container.items.create({ id, type: 'rate-window', count: 1, ttl: windowSeconds * 2 });
        return 1;
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }
    }
    throw new TooManyRequestsError('Too many requests at once; slow down', 1);
  }

  async function recordViolation(policy: RateLimitPolicy, key: string, windowStart: number): Promise<void> {
    const id = `rate-violation-${policy}-${digest(key)}-${windowStart}`;
    try {
      await container.items.create({
        id,
        type: 'rate-violation',
        policy,
        client: key,
        windowStart: new Date(windowStart * 1000).toISOString(),
        ttl: violationTtlSeconds,
      });
      report.logger.warn('rate limit exceeded', { policy, client: key, windowStart });
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
  }

  return {
    async check(key, policy) {
      const nowSeconds = Math.floor(clock.now().getTime() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      const count = await increment(`rate-${policy}-${digest(key)}-${windowStart}`);
      if (count > limits[policy]) {
        report.telemetry.trackEvent(alertedEvents.rateLimitRejected, { policy });
        await recordViolation(policy, key, windowStart);
        throw new TooManyRequestsError('Too many requests; try again later', windowStart + windowSeconds - nowSeconds);
      }
    },
  };
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
