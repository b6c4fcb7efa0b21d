import { isIP } from 'node:net';
import { z } from 'zod';
import { permissionLevels, resources } from '../platform/auth/principal';
import { prefixedId, recordId } from '../platform/ids';
import { organizationSlugPattern } from './organization';

/**
 * Identity's shapes, one schema each: what routes accept (types inferred for the services) and
 * what they send. The pipeline passes every answer through its schema: token material, hashes
 * and data-layer fields are never named here, so they never leave.
 */

export const loginQuery = z
  .object({
    provider: z.enum(['entra', 'google']),
    organization: z.string().regex(organizationSlugPattern, 'an organisation slug').optional(),
    login_hint: z.email().optional(),
    /** Platform operators only: why they need to look into this organisation (audited). */
    impersonation_reason: z.string().trim().min(10).max(300).optional(),
    /** Platform operators only: sign in for platform administration instead of into an organisation. */
    administration: z.literal('true').optional(),
  })
  .refine((q) => (q.organization === undefined) !== (q.administration === undefined), {
    path: ['organization'],
    message: 'name an organisation, or ask for platform administration (administration=true)',
  });
/**
 * Loose on purpose, the one query that is: providers append parameters of their own (Entra
 * `session_state`, Google `scope`, `authuser`, `hd`, `prompt`), and a refused callback would
 * strand the member mid-sign-in. Only the named ones are read.
 */
export const callbackQuery = z.looseObject({
  state: z.string().max(100),
  code: z.string().max(2048).optional(),
  error: z.string().max(200).optional(),
});

export const memberParams = z.object({ id: recordId });
export const sessionParams = z.object({ id: prefixedId('session', 'a session id') });
export const sessionListQuery = z.object({ memberId: recordId.optional() });

export const permissions = z.partialRecord(z.enum(resources), z.enum(permissionLevels)).meta({ id: 'Permissions' });
export const restrictions = z
  .object({ facilities: z.array(z.string()).optional(), divisions: z.array(z.string()).optional() })
  .meta({ id: 'Restrictions' });

const dimensionList = z.array(z.string().trim().min(1).max(100)).max(500).optional();
export const newMember = z.object({ email: z.email(), displayName: z.string().trim().min(1).max(200), permissions });
export type NewMember = z.infer<typeof newMember>;
export const permissionsInput = z.object({ permissions });
export const restrictionsInput = z.object({ facilities: dimensionList, divisions: dimensionList });

export const memberView = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    status: z.enum(['active', 'removed']),
    permissions,
    restrictions,
    locked: z.boolean(),
  })
  .meta({ id: 'Member' });
/** Why a member is locked or an organisation locked down: kept in the audit log and the notice. */
export const reasonInput = z.object({ reason: z.string().trim().min(3).max(500) });
export const securityContactInput = z.object({ email: z.email() });
export const securityStateView = z
  .object({
    lockdown: z
      .object({ since: z.string(), by: z.string(), byKind: z.enum(['member', 'operator']), reason: z.string() })
      .nullable(),
    securityContact: z.string().nullable(),
  })
  .meta({ id: 'SecurityState' });
export type MemberView = z.infer<typeof memberView>;
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
export type SessionSummary = z.infer<typeof sessionSummary>;
export const sessionList = z.object({ items: z.array(sessionSummary) });
export const ownSessionList = z.object({
  items: z.array(z.object({ ...sessionFields, current: z.boolean() }).meta({ id: 'OwnSession' })),
});
export const sessionsRevoked = z.object({ revoked: z.number().int() });

const signInEvent = z.object({
  at: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  provider: z.string().nullable(),
  result: z.enum(['signed-in', 'refused']),
  reason: z.string().optional(),
});
export type SignInEvent = z.infer<typeof signInEvent>;
export const signInHistoryList = z.object({ items: z.array(signInEvent) });

const ipAddress = z.string().refine((value) => isIP(value) !== 0, 'an IPv4 or IPv6 address');
export const ipParams = z.object({ ip: ipAddress });
export const newIpBlock = z.object({
  ip: ipAddress,
  reason: z.string().trim().min(3).max(200),
  minutes: z.number().int().positive().max(525_600).optional(),
});
export type NewIpBlock = z.infer<typeof newIpBlock>;

export const ipBlockView = z
  .object({ ip: z.string(), until: z.string().nullable(), reason: z.string() })
  .meta({ id: 'IpBlock' });
export type IpBlock = z.infer<typeof ipBlockView>;
export const ipBlockList = z.object({ items: z.array(ipBlockView) });

/** The refresh token itself never appears here: it travels only in the HttpOnly cookie. */
export const accessGrant = z.object({
  accessToken: z.string(),
  expiresIn: z.number().int(),
  organization: z.object({ id: z.string() }),
  idle: z.object({ secondsRemaining: z.number(), sensitiveSecondsRemaining: z.number() }),
});
export type AccessGrant = z.infer<typeof accessGrant>;
