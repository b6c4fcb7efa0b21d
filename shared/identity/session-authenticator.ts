import { resources, type Authenticator, type Principal } from '../platform/auth/principal';
import type { SessionGuard } from '../platform/auth/request-guards';
import type { Stored } from '../platform/data/stored-document';
import { ForbiddenError, UnauthenticatedError } from '../platform/errors';
import type { AccessTokens } from './access-tokens';
import type { IdentityDependencies } from './identity-dependencies';
import { blockInForce } from './ip-blocks';
import type { Member } from './member';
import { operatorMayAct } from './operator-sign-in';
import { idleRemaining, recordActivity, sessionEnded, type Session } from './sessions';

/** An operator reads everything and changes nothing (the pipeline refuses their writes). */
const operatorAsMember: Member = {
  email: 'operator',
  displayName: 'Platform operator',
  status: 'active',
  permissions: Object.fromEntries(resources.map((resource) => [resource, 'read'])),
};

/**
 * Authentication for every protected request: a valid access token is not enough on its own.
 * The session it names is read each time, so revocation, logout and member removal bite on
 * the very next request, and permissions come from the member record as it is now.
 */
export function createSessionAuthentication(
  deps: IdentityDependencies,
  tokens: AccessTokens,
): { authenticator: Authenticator; sessionGuard: SessionGuard } {
  const sessions = new WeakMap<Principal, Stored<Session>>();

  const authenticator: Authenticator = {
    async authenticate({ authorization, ip }) {
      const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization ?? '');
      if (!match) throw new UnauthenticatedError('A bearer access token is required', { verified: false });
      const claims = await tokens.verify(match[1]!);
      const store = deps.storeFor({ tenantId: claims.tenantId, actor: { id: claims.memberId, kind: claims.kind } });
      // The session, the member, the address's block and the organisation (its lockdown, and the
      // copy handed on to the handler through the tenant context) in one query of the partition.
      // An operator's registry entry as it is now, alongside: one point read, for operators only.
      const [read, operator] = await Promise.all([
        store.readAuthentication({ sessionId: claims.sessionId, memberId: claims.memberId, ip }),
        claims.kind === 'operator' ? deps.platform.findOperator(claims.memberId) : undefined,
      ]);
      const { session, organization } = read;
      const member = claims.kind === 'operator' ? operatorAsMember : read.member;
      const block = blockInForce(read.block, deps.clock.now());
      if (block) throw new ForbiddenError('Access from this address is blocked by your organisation');
      const evidence = {
        verified: true,
        tenantId: claims.tenantId,
        memberId: claims.memberId,
        sessionId: claims.sessionId,
      };
      if (!session || session.memberId !== claims.memberId || session.kind !== claims.kind)
        throw new UnauthenticatedError('The session was ended', evidence);
      const ended = sessionEnded(session, deps.clock.now());
      if (ended) throw new UnauthenticatedError(ended, evidence);
      if (claims.kind === 'operator' && !operatorMayAct(operator, claims.tenantId))
        throw new UnauthenticatedError('The operator is no longer registered for this', evidence);
      if (!member || member.status !== 'active')
        throw new UnauthenticatedError('The member no longer has access', evidence);
      if (member.locked) throw new UnauthenticatedError('The member is locked by an administrator', evidence);
      // A suspension bites on the very next request, whatever sessions are still open.
      if (organization?.suspended && claims.kind === 'member')
        throw new UnauthenticatedError('The organisation is suspended by the platform', evidence);
      const principal: Principal = {
        tenantId: claims.tenantId,
        memberId: claims.memberId,
        kind: claims.kind,
        sessionId: session.id,
        signedIn: { at: session.signedInAt, ip: session.ip },
        permissions: member.permissions,
        ...(operator?.operators === true ? { platformPermissions: ['operators' as const] } : {}),
        ...(member.restrictions ? { restrictions: member.restrictions } : {}),
        ...(organization ? { organization } : {}),
      };
      sessions.set(principal, session);
      return principal;
    },
  };

  const sessionGuard: SessionGuard = {
    async touch(principal, { sensitive }) {
      const session = sessions.get(principal);
      if (!session) throw new UnauthenticatedError('The session was ended');
      const now = deps.clock.now();
      // A refused request is not activity: otherwise retrying would unlock the sensitive area.
      if (sensitive && idleRemaining(session, now, true) <= 0) {
        throw new UnauthenticatedError('This area needs recent activity; sign in again or extend the session', {
          verified: true,
          tenantId: principal.tenantId,
          memberId: principal.memberId,
          sessionId: session.id,
        });
      }
      await recordActivity(deps, session, principal.tenantId);
      const fresh = { ...session, lastActivityAt: now.toISOString() };
      return {
        idleSecondsRemaining: idleRemaining(fresh, now, false),
        sensitiveIdleSecondsRemaining: idleRemaining(fresh, now, true),
      };
    },
  };

  return { authenticator, sessionGuard };
}
