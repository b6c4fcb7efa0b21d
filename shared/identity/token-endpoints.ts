import type { Stored } from '../platform/data/stored-document';
import { ForbiddenError, UnauthenticatedError } from '../platform/errors';
import type { FieldCrypto } from '../platform/crypto/field-crypto';
import type { AccessTokens } from './access-tokens';
import type { IdentityDependencies } from './identity-dependencies';
import type { OidcClient } from './oidc-provider';
import { presentedSession, rotateRefreshToken } from './refresh-rotation';
import type { RefreshToken } from './refresh-tokens';
import type { AccessGrant } from './schemas';
import { recordSecurityEvent } from './security-log';
import { endSession } from './session-admin';
import { absoluteSessionSeconds, idleRemaining, sessionEnded, type Session } from './sessions';

export interface ClientFacts {
  readonly ip: string;
  readonly userAgent?: string;
  readonly origin?: string;
}

export type RefreshResult = AccessGrant & {
  /** The next refresh token, for the cookie only. */
  readonly refreshToken: string;
  readonly refreshTokenMaxAge: number;
};

/**
 * Cookie-bearing endpoints must be called by our SPA: the refresh cookie is SameSite=Strict,
 * and on top the browser's Origin header must name the SPA (a forged cross-site form or fetch
 * carries another origin, or the cookie not at all).
 */
export function assertFromSpa(origin: string | undefined, spaUrl: string): void {
  if (origin !== new URL(spaUrl).origin) throw new ForbiddenError('This request must come from the Ledgerline app');
}

/** Sessions live in the organisations' data; forged refresh tokens go to the platform's security log. */

/**
 * A real session's id with a secret it never issued. Recorded in the platform's security log,
 * never in the organisation's audit log: the organisation and session are only claimed, and
 * an audit record there would name the victim as the actor of someone else's forgery.
 */
function recordForgery(deps: IdentityDependencies, token: RefreshToken, client: ClientFacts, route: string) {
  return recordSecurityEvent(deps, {
    event: 'auth.refresh-token-forged',
    reason: `generation ${token.generation} of the session was never issued with this secret`,
    ip: client.ip,
    ...(client.userAgent ? { userAgent: client.userAgent } : {}),
    route,
    claimedTenantId: token.tenantId,
    sessionId: token.sessionId,
  });
}

/** A genuine token the session can no longer honour goes into that organisation's audit log. */
async function auditRefusal(
  deps: IdentityDependencies,
  token: RefreshToken,
  session: Stored<Session>,
  action: string,
  client: ClientFacts,
  details: Record<string, string> = {},
): Promise<void> {
  const context = {
    tenantId: token.tenantId,
    actor: { id: 'system:sessions', kind: 'system' as const, ip: client.ip, userAgent: client.userAgent },
  };
  await deps.storeFor(context).appendAudit({
    action,
    target: { type: 'session', id: session.id },
    details: {
      memberId: session.memberId,
      generation: token.generation,
      ...(session.revokedReason ? { revokedReason: session.revokedReason } : {}),
      ...details,
    },
  });
}

/** How a refresh re-checks the user with their identity provider. */
export interface DirectoryCheck {
  readonly providers: Partial<Record<'google' | 'entra', OidcClient>>;
  readonly fieldCrypto: FieldCrypto;
}

/**
 * Exchanges the refresh cookie for an access token and the next cookie. Where the provider
 * supports it, the user is re-checked with their directory first, so someone disabled there
 * loses access within one access-token lifetime.
 */
export async function refreshAccess(
  deps: IdentityDependencies,
  tokens: AccessTokens,
  presented: string | undefined,
  client: ClientFacts,
  directory?: DirectoryCheck,
): Promise<RefreshResult> {
  const outcome = await rotateRefreshToken(deps, presented, { ip: client.ip, userAgent: client.userAgent });
  if (!outcome.ok) {
    switch (outcome.reason) {
      case 'invalid':
        break;
      case 'forged':
        await recordForgery(deps, outcome.token, client, 'auth-refresh');
        break;
      case 'blocked':
        await auditRefusal(deps, outcome.token, outcome.session, 'session.refresh-refused', client, {
          reason: 'ip-blocked',
        });
        throw new ForbiddenError('Access from this address is blocked by your organisation');
      case 'reuse':
        await auditRefusal(deps, outcome.token, outcome.session, 'session.refresh-token-reused', client);
        throw new UnauthenticatedError('This sign-in was ended for safety; sign in again');
      case 'ended':
        await auditRefusal(deps, outcome.token, outcome.session, 'session.refresh-refused', client);
        break;
    }
    // The same answer for a forgery, an unknown session and an ended one: nothing to learn from it.
    throw new UnauthenticatedError('Sign in again');
  }
  const { session, refreshToken } = outcome;
  const tenantId = session.tenantId;
  const provider = directory?.providers[session.provider];
  if (provider && session.providerRefreshToken) {
    const providerToken = directory.fieldCrypto.decrypt(
      'general',
      session.providerRefreshToken,
      `${tenantId}|session|${session.memberId}`,
    );
    if (!(await provider.stillValid(providerToken))) {
      const memberContext = {
        tenantId,
        actor: { id: 'system:sessions', kind: 'system' as const, ip: client.ip, userAgent: client.userAgent },
      };
      await endSession(deps, memberContext, session.id, 'directory-disabled');
      throw new UnauthenticatedError('Your account is no longer active in your organisation directory');
    }
  }
  const { token, expiresIn } = await tokens.issue({
    tenantId,
    memberId: session.memberId,
    sessionId: session.id,
    kind: session.kind,
  });
  const now = deps.clock.now();
  return {
    accessToken: token,
    expiresIn,
    organization: { id: tenantId },
    idle: {
      secondsRemaining: idleRemaining(session, now, false),
      sensitiveSecondsRemaining: idleRemaining(session, now, true),
    },
    refreshToken,
    refreshTokenMaxAge: Math.max(
      0,
      Math.min(absoluteSessionSeconds, Math.floor((Date.parse(session.absoluteExpiresAt) - now.getTime()) / 1000)),
    ),
  };
}

/**
 * Ends the session the refresh cookie names, only when the session issued that cookie: the
 * current token logs out; a genuine earlier one is reuse and ends the session as such; a
 * forgery changes nothing. An unknown or ended session is already logged out.
 */
export async function logout(
  deps: IdentityDependencies,
  presented: string | undefined,
  client: ClientFacts,
): Promise<'ended' | 'forged' | 'nothing'> {
  const found = await presentedSession(deps, presented, { ip: client.ip, userAgent: client.userAgent });
  if (found.presented === 'invalid') return 'nothing';
  if (found.presented === 'forged') {
    await recordForgery(deps, found.token, client, 'auth-logout');
    return 'forged';
  }
  const { token, session } = found;
  if (sessionEnded(session, deps.clock.now())) return 'nothing';
  if (found.presented === 'earlier') {
    const outcome = await rotateRefreshToken(deps, presented, { ip: client.ip, userAgent: client.userAgent });
    if (!outcome.ok && outcome.reason === 'reuse')
      await auditRefusal(deps, outcome.token, outcome.session, 'session.refresh-token-reused', client);
    return 'ended';
  }
  await endSession(
    deps,
    {
      tenantId: token.tenantId,
      actor: { id: session.memberId, kind: session.kind, ip: client.ip, userAgent: client.userAgent },
    },
    session.id,
    'logout',
  );
  return 'ended';
}
