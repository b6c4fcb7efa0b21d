import type { Principal } from './principal';

/** Shared (not per-process) request counting; throws TooManyRequestsError when over a limit. */
export interface RateLimiter {
  check(key: string, policy: 'global' | 'authentication'): Promise<void>;
}

/** Session liveness (revocation, idle timeouts); throws UnauthenticatedError when the session is over. */
export interface SessionGuard {
  touch(
    principal: Principal,
    options: { readonly sensitive: boolean },
  ): Promise<{ readonly idleSecondsRemaining?: number; readonly sensitiveIdleSecondsRemaining?: number }>;
}
