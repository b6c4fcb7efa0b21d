import type { Actor } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { retryOnConflict } from '../platform/data/retry';
import type { TenantIdentityDependencies } from './identity-dependencies';
import type { IdentityStore } from './identity-store';
import { tenantBlock } from './ip-blocks';
import { classifyPresented, newRefreshToken, parseRefreshToken, withIssued, type RefreshToken } from './refresh-tokens';
import { sessionEnded, type Session } from './sessions';

export type RotationOutcome =
  | { readonly ok: true; readonly session: Stored<Session>; readonly refreshToken: string }
  /** Unreadable, or naming no session: nothing to act on. */
  | { readonly ok: false; readonly reason: 'invalid' }
  /** A real session's id with a secret it never issued: recorded as forged, the session untouched. */
  | { readonly ok: false; readonly reason: 'forged'; readonly token: RefreshToken }
  | {
      readonly ok: false;
      readonly reason: 'ended' | 'reuse' | 'blocked';
      readonly token: RefreshToken;
      readonly session: Stored<Session>;
    };

export type PresentedSession =
  | { readonly presented: 'invalid' }
  | { readonly presented: 'forged'; readonly token: RefreshToken }
  | {
      readonly presented: 'current' | 'earlier';
      readonly token: RefreshToken;
      readonly store: IdentityStore;
      readonly session: Stored<Session>;
    };

/** The session a refresh token names, and whether the session issued it. */
export async function presentedSession(
  deps: TenantIdentityDependencies,
  presented: string | undefined,
  actor: Omit<Actor, 'id' | 'kind'>,
): Promise<PresentedSession> {
  const token = parseRefreshToken(presented);
  if (!token) return { presented: 'invalid' };
  const store = deps.storeFor({ tenantId: token.tenantId, actor: { id: 'system:sessions', kind: 'system', ...actor } });
  const session = await store.findSession(token.sessionId);
  if (!session) return { presented: 'invalid' };
  const kind = classifyPresented(session.issuedRefreshTokens, session.refreshGeneration, token);
  return kind === 'forged' ? { presented: kind, token } : { presented: kind, token, store, session };
}

/** Ends a session because an earlier refresh token of it came back. */
export function revokeForReuse(store: IdentityStore, session: Stored<Session>, now: Date): Promise<Stored<Session>> {
  return store.saveSession(session, {
    ...session,
    revokedAt: now.toISOString(),
    revokedReason: 'refresh-token-reuse',
    revokedBy: 'system:sessions',
  });
}

/**
 * Exchanges a refresh token for the next one. Each token works once: presenting a genuine
 * earlier generation (a stolen token replayed, or the legitimate one after the thief used it)
 * ends the whole session, because we cannot tell which party is the attacker. A secret the
 * session never issued is a forgery and changes nothing: session ids are not secret, so
 * letting a forgery end the session would let anyone log anyone out. There is no grace period
 * for concurrent tabs: the SPA must serialise refreshes across tabs (a Web Lock). The
 * organisation's IP blocks apply here as on every other request.
 */
export async function rotateRefreshToken(
  deps: TenantIdentityDependencies,
  presented: string | undefined,
  actor: Omit<Actor, 'id' | 'kind'>,
): Promise<RotationOutcome> {
  // Someone else rotated or revoked in between: decide again on the fresh state.
  return retryOnConflict('The session', async () => {
    const found = await presentedSession(deps, presented, actor);
    if (found.presented === 'invalid') return { ok: false, reason: 'invalid' };
    if (found.presented === 'forged') return { ok: false, reason: 'forged', token: found.token };
    const { token, store, session } = found;
    const now = deps.clock.now();
    if (sessionEnded(session, now)) return { ok: false, reason: 'ended', token, session };
    if (found.presented === 'earlier')
      return { ok: false, reason: 'reuse', token, session: await revokeForReuse(store, session, now) };
    if (actor.ip && (await tenantBlock(store, actor.ip, now))) return { ok: false, reason: 'blocked', token, session };
    const generation = session.refreshGeneration + 1;
    const next = newRefreshToken(token.tenantId, session.id, generation);
    // Not activity: the SPA refreshes on a timer, and that must not keep an abandoned tab alive.
    const asMember = deps.storeFor({
      tenantId: token.tenantId,
      actor: { ...actor, id: session.memberId, kind: session.kind },
    });
    const rotated = await asMember.saveSession(session, {
      ...session,
      refreshGeneration: generation,
      issuedRefreshTokens: withIssued(session.issuedRefreshTokens, next.issued),
    });
    return { ok: true, session: rotated, refreshToken: next.token };
  });
}
