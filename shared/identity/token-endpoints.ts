import { appendAuditRecord } from '../platform/audit/audit-log';
import { TenantRepository } from '../platform/data/tenant-repository';
import { ForbiddenError, UnauthenticatedError } from '../platform/errors';
import type { FieldCrypto } from '../platform/crypto/field-crypto';
import type { AccessTokens } from './access-tokens';
import type { OidcClient } from './oidc-provider';
import { parseRefreshToken } from './refresh-tokens';
import { endSession } from './session-admin';
import { absoluteSessionSeconds, idleRemaining, rotateRefreshToken, type SessionDependencies } from './sessions';

export interface ClientFacts {
  readonly ip: string;
  readonly userAgent?: string;
  readonly origin?: string;
}

export interface RefreshResult {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly organization: { readonly id: string };
  readonly idle: { readonly secondsRemaining: number; readonly sensitiveSecondsRemaining: number };
  /** The next refresh token, for the cookie only. */
  readonly refreshToken: string;
  readonly refreshTokenMaxAge: number;
}

/**
 * Cookie-bearing endpoints must be called by our SPA: the refresh cookie is SameSite=Strict,
 * and on top the browser's Origin header must name the SPA (a forged cross-site form or fetch
 * carries another origin, or the cookie not at all).
 */
export function assertFromSpa(origin: string | undefined, spaUrl: string): void {
  if (origin !== new URL(spaUrl).origin) throw new ForbiddenError('This request must come from the Ledgerline app');
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
  deps: SessionDependencies,
  tokens: AccessTokens,
  presented: string | undefined,
  client: ClientFacts,
  directory?: DirectoryCheck,
): Promise<RefreshResult> {
  const outcome = await rotateRefreshToken(deps, presented, { ip: client.ip, userAgent: client.userAgent });
  if (!outcome.ok) {
    // A token naming a real session is attributable: reuse, or use after the session ended
    // (revoked, expired, idle), goes into that organisation's audit log.
    if (outcome.session) {
      const parsed = parseRefreshToken(presented)!;
      const context = {
        tenantId: parsed.tenantId,
        actor: { id: 'system:sessions', kind: 'system' as const, ip: client.ip, userAgent: client.userAgent },
      };
      await appendAuditRecord(
        new TenantRepository(deps.container, context, deps.clock),
        context,
        {
          action: outcome.reason === 'reuse' ? 'session.refresh-token-reused' : 'session.refresh-refused',
          target: { type: 'session', id: outcome.session.id },
          details: {
            memberId: outcome.session.memberId,
            generation: parsed.generation,
            ...(outcome.session.revokedReason ? { revokedReason: outcome.session.revokedReason } : {}),
          },
        },
        () => deps.clock.now(),
      );
    }
    throw new UnauthenticatedError(
      outcome.reason === 'reuse' ? 'This sign-in was ended for safety; sign in again' : 'Sign in again',
    );
  }
  const { session, refreshToken } = outcome;
  const tenantId = parseRefreshToken(refreshToken)!.tenantId;
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

/** Ends the session the refresh cookie names; an unknown or ended one is already logged out. */
export async function logout(
  deps: SessionDependencies,
  presented: string | undefined,
  client: ClientFacts,
): Promise<void> {
  const parsed = parseRefreshToken(presented);
  if (!parsed) return;
  const context = {
    tenantId: parsed.tenantId,
    actor: { id: 'system:sessions', kind: 'system' as const, ip: client.ip, userAgent: client.userAgent },
  };
  const session = await new TenantRepository(deps.container, context, deps.clock).find<{
    memberId: string;
    kind: 'member' | 'operator';
  }>('session', parsed.sessionId);
  if (!session) return;
  await endSession(
    deps,
    { ...context, actor: { ...context.actor, id: session.memberId, kind: session.kind } },
    parsed.sessionId,
    'logout',
  );
}
