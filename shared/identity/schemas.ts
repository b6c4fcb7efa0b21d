import { z } from 'zod';
import { permissionLevels, resources } from '../platform/auth/principal';

/**
 * What identity routes send, one schema per shape. The pipeline passes every answer through
 * these: token material, hashes and data-layer fields are never named, so they never leave.
 */

export const permissions = z.partialRecord(z.enum(resources), z.enum(permissionLevels)).meta({ id: 'Permissions' });
export const restrictions = z
  .object({ facilities: z.array(z.string()).optional(), divisions: z.array(z.string()).optional() })
  .meta({ id: 'Restrictions' });

export const memberView = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    status: z.enum(['active', 'removed']),
    permissions,
    restrictions,
  })
  .meta({ id: 'Member' });
export const memberList = z.object({ items: z.array(memberView) });

export const profileView = z.object({
  memberId: z.string(),
  organization: z.object({ id: z.string() }),
  kind: z.enum(['member', 'operator']),
  sessionId: z.string().nullable(),
  permissions,
  restrictions,
});

const sessionFields = {
  id: z.string(),
  memberId: z.string(),
  provider: z.string(),
  signedInAt: z.string(),
  lastActivityAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
};
export const sessionSummary = z.object(sessionFields).meta({ id: 'Session' });
export const sessionList = z.object({ items: z.array(sessionSummary) });
export const ownSessionList = z.object({
  items: z.array(z.object({ ...sessionFields, current: z.boolean() }).meta({ id: 'OwnSession' })),
});
export const sessionsRevoked = z.object({ revoked: z.number().int() });

export const signInHistoryList = z.object({
  items: z.array(
    z.object({
      at: z.string(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      provider: z.string().nullable(),
      result: z.enum(['signed-in', 'refused']),
      reason: z.string().optional(),
    }),
  ),
});

export const ipBlockView = z
  .object({ ip: z.string(), until: z.string().nullable(), reason: z.string() })
  .meta({ id: 'IpBlock' });
export const ipBlockList = z.object({ items: z.array(ipBlockView) });

/** The refresh token itself never appears here: it travels only in the HttpOnly cookie. */
export const accessGrant = z.object({
  accessToken: z.string(),
  expiresIn: z.number().int(),
  organization: z.object({ id: z.string() }),
  idle: z.object({ secondsRemaining: z.number(), sensitiveSecondsRemaining: z.number() }),
});
