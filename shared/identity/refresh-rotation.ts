import type { DomainDependencies } from '../platform/domain-dependencies';
import type { Actor } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { retryOnConflict } from '../platform/data/retry';
import type { TenantRepository } from '../platform/data/tenant-repository';
import { tenantBlock } from './ip-blocks';
import { classifyPresented, newRefreshToken, parseRefreshToken, withIssued, type RefreshToken } from './refresh-tokens';
import { repositoryFor, sessionEnded, sessionType, type Session } from './sessions';

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
      readonly repository: TenantRepository;
      readonly session: Stored<Session>;
    };

/** The session a refresh token names, and whether the session issued it. */
export async function presentedSession(
  deps: DomainDependencies,
  presented: string | undefined,
  actor: Omit<Actor, 'id' | 'kind'>,
): Promise<PresentedSession> {
  const token = parseRefreshToken(presented);
  if (!token) return { presented: 'invalid' };
  const repository = repositoryFor(deps, token.tenantId, { id: 'system:sessions', kind: 'system', ...actor });
  const session = await repository.find<Session>(sessionType, token.sessionId);
  if (!session) return { presented: 'invalid' };
  const kind = classifyPresented(session.issuedRefreshTokens, session.refreshGeneration, token);
  return kind === 'forged' ? { presented: kind, token } : { presented: kind, token, repository, session };
}

/** Ends a session because an earlier refresh token of it came back. */
export function revokeForReuse(
  repository: TenantRepository,
  session: Stored<Session>,
  now: Date,
): Promise<Stored<Session>> {
  return repository.replace<Session>(session, {
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
  deps: DomainDependencies,
  presented: string | undefined,
  actor: Omit<Actor, 'id' | 'kind'>,
): Promise<RotationOutcome> {
  // Someone else rotated or revoked in between: decide again on the fresh state.
  return retryOnConflict('The session', async () => {
    const found = await presentedSession(deps, presented, actor);
    if (found.presented === 'invalid') return { ok: false, reason: 'invalid' };
    if (found.presented === 'forged') return { ok: false, reason: 'forged', token: found.token };
    const { token, repository, session } = found;
    const now = deps.clock.now();
    if (sessionEnded(session, now)) return { ok: false, reason: 'ended', token, session };
    if (found.presented === 'earlier')
      return { ok: false, reason: 'reuse', token, session: await revokeForReuse(repository, session, now) };
    if (actor.ip && (await tenantBlock(repository, actor.ip, now)))
      return { ok: false, reason: 'blocked', token, session };
    const generation = session.refreshGeneration + 1;
    const next = newRefreshToken(token.tenantId, session.id, generation);
    // Not activity: the SPA refreshes on a timer, and that must not keep an abandoned tab alive.
    const rotated = await repositoryFor(deps, token.tenantId, {
      ...actor,
      id: session.memberId,
      kind: session.kind,
    }).replace<Session>(session, {
      ...session,
      refreshGeneration: generation,
      issuedRefreshTokens: withIssued(session.issuedRefreshTokens, next.issued),
    });
    return { ok: true, session: rotated, refreshToken: next.token };
  });
}
