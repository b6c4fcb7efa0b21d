import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { PlatformRepository } from '../data/platform-repository';
import { DocumentExistsError, TooManyRequestsError } from '../errors';
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

/**
 * Fixed one-minute windows counted in Cosmos (the `platform` container), so every instance of
 * the app shares one count per client: a per-process counter would multiply the limit by the
 * number of instances. One atomic server-side increment per request; the first request of a
 * window creates its counter (PlatformRepository.countInWindow, the one fixed-window counter).
 * Counters expire with the container's TTL. Violations are logged
 * and kept as documents for security review.
 */
export function createSharedRateLimiter(
  platform: PlatformRepository,
  clock: Clock,
  report: { readonly logger: Logger; readonly telemetry: Telemetry },
  limits: RateLimits,
): RateLimiter {
  async function recordViolation(policy: RateLimitPolicy, key: string, windowStart: number): Promise<void> {
    const id = `rate-violation-${policy}-${digest(key)}-${windowStart}`;
    try {
      await platform.create(
        'rate-violation',
        id,
        { policy, client: key, windowStart: new Date(windowStart * 1000).toISOString() },
        { ttlSeconds: violationTtlSeconds },
      );
      report.logger.warn('rate limit exceeded', { policy, client: key, windowStart });
    } catch (error) {
      // One record per client, policy and window: later refusals in the window are the same violation.
      if (!(error instanceof DocumentExistsError)) throw error;
    }
  }

  return {
    async check(key, policy) {
      const nowSeconds = Math.floor(clock.now().getTime() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      const count = await platform.countInWindow(
        'rate-window',
        `rate-${policy}-${digest(key)}-${windowStart}`,
        windowSeconds,
      );
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
