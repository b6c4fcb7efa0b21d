import type { Services } from '../platform/services';
import { alertedEvents } from '../platform/telemetry/alerted-events';
import type { Logger } from '../platform/telemetry/logger';
import type { IdentityDependencies } from './identity-dependencies';
import { assertNotBlockedForSignIn, recordFailedSignIn } from './ip-blocks';
import { recordSecurityEvent } from './security-log';

/** The parts of a request context the guard needs (a RouteContext fits). */
export interface AttemptFacts {
  readonly services: Pick<Services, 'telemetry'>;
  readonly logger: Logger;
  readonly clientIp: string;
  readonly userAgent?: string;
}

/** Authentication routes turn away an address that keeps failing (a platform-wide, temporary block). */
export function refuseBlockedAddress(deps: Pick<IdentityDependencies, 'platform' | 'clock'>, facts: AttemptFacts) {
  return assertNotBlockedForSignIn(deps.platform, facts.clientIp, deps.clock);
}

/** Counts a failed attempt; the one that crosses the limit is kept for security review. */
export async function countFailedAttempt(
  deps: Pick<IdentityDependencies, 'platform' | 'clock' | 'ids'>,
  facts: AttemptFacts,
  reason: string,
): Promise<void> {
  facts.services.telemetry.trackEvent(alertedEvents.signInFailed, { reason });
  if (!(await recordFailedSignIn(deps.platform, facts.clientIp, deps.clock))) return;
  facts.logger.warn('address blocked after repeated failed sign-ins', { ip: facts.clientIp, reason });
  await recordSecurityEvent(deps, {
    event: 'ip.blocked-automatically',
    reason,
    ip: facts.clientIp,
    ...(facts.userAgent ? { userAgent: facts.userAgent } : {}),
  });
}
