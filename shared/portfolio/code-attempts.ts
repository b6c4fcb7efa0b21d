import { createHash } from 'node:crypto';
import type { TenantContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import { TooManyRequestsError } from '../platform/errors';
import type { ShareCodeStore } from './portfolio-store';

/**
 * Share codes carry 160 random bits, so guessing is hopeless; the limit is there so that trying
 * stays visibly hopeless and cheap for us: a few attempts per member and per organisation an hour,
 * counted across instances in the platform container (the one fixed-window counter).
 */
export const codeAttemptLimits = { windowSeconds: 3600, perMember: 10, perOrganisation: 30 } as const;

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** Counts one attempt to use a code (preview or grant); past either limit, refuses with 429. */
export async function countCodeAttempt(codes: ShareCodeStore, clock: Clock, context: TenantContext): Promise<void> {
  const { windowSeconds, perMember, perOrganisation } = codeAttemptLimits;
  const nowSeconds = Math.floor(clock.now().getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % windowSeconds);
  const counter = (who: string) =>
    codes.countAttempt(`portfolio-code-attempts-${digest(who)}-${windowStart}`, windowSeconds);
  const [member, organisation] = await Promise.all([
    counter(`member:${context.tenantId}:${context.actor.id}`),
    counter(`organisation:${context.tenantId}`),
  ]);
  if (member > perMember || organisation > perOrganisation)
    throw new TooManyRequestsError(
      'Too many share code attempts; try again later',
      windowStart + windowSeconds - nowSeconds,
    );
}
