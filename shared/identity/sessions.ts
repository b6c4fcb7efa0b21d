import { storedUserAgent, type TenantContext } from '../platform/actor';
import { NotFoundError, PreconditionFailedError } from '../platform/errors';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import type { TenantIdentityDependencies } from './identity-dependencies';
import { newRefreshToken, type IssuedRefreshToken } from './refresh-tokens';

export const sessionType = 'session';
/** Refresh tokens, and so sessions, end 8 hours after sign-in whatever the activity. */
export const absoluteSessionSeconds = 8 * 60 * 60;
export const idleSeconds = 30 * 60;
/** Banking details, payment runs and permission management ask for more recent activity. */
export const sensitiveIdleSeconds = 10 * 60;
/** Activity is written at most this often, so reads do not each cost a write. */
export const activityWriteIntervalSeconds = 30;

export type RevocationReason =
  | 'logout'
  | 'admin'
  | 'member-removed'
  | 'member-locked'
  | 'refresh-token-reuse'
  | 'idle'
  | 'directory-disabled'
  | 'organization-suspended'
  | 'operator-deactivated';

export interface Session {
  readonly memberId: string;
  readonly kind: 'member' | 'operator';
  readonly provider: 'entra' | 'google';
  readonly signedInAt: string;
  readonly absoluteExpiresAt: string;
  readonly lastActivityAt: string;
  readonly refreshGeneration: number;
  /** A hash of every refresh token the session issued (the latest `rememberedGenerations`). */
  readonly issuedRefreshTokens: readonly IssuedRefreshToken[];
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly revokedAt?: string;
  readonly revokedReason?: RevocationReason;
  readonly revokedBy?: string;
  /** The identity provider's refresh token, encrypted (general ring), to re-check the user. */
  readonly providerRefreshToken?: string;
}

const seconds = (from: string, to: Date) => (to.getTime() - Date.parse(from)) / 1000;

/** Where revocations are staged: a store's transaction (identity's, or onboarding's suspension). */
export interface RevocationBatch {
  replace<T extends object>(current: Stored<unknown>, next: T): unknown;
}

/**
 * Stages the end of every session still live at `now` (at most `limit`, leaving the batch room for
 * what else the caller writes) and returns how many were live.
 */
export function stageRevocations(
  transaction: RevocationBatch,
  sessions: readonly Stored<Session>[],
  ending: { readonly now: Date; readonly reason: RevocationReason; readonly by: string; readonly limit: number },
): number {
  const live = sessions.filter((session) => !sessionEnded(session, ending.now));
  for (const session of live.slice(0, ending.limit)) {
    transaction.replace<Session>(session, {
      ...session,
      revokedAt: ending.now.toISOString(),
      revokedReason: ending.reason,
      revokedBy: ending.by,
    });
  }
  return live.length;
}

/** Why a session can no longer be used at `now`, or undefined while it can. */
export function sessionEnded(session: Session, now: Date): string | undefined {
  if (session.revokedAt) return 'The session was ended';
  if (now.getTime() >= Date.parse(session.absoluteExpiresAt)) return 'The session has expired; sign in again';
  if (seconds(session.lastActivityAt, now) > idleSeconds)
    return 'The session timed out after inactivity; sign in again';
  return undefined;
}

export function idleRemaining(session: Session, now: Date, sensitive: boolean): number {
  const limit = sensitive ? sensitiveIdleSeconds : idleSeconds;
  return Math.max(0, Math.floor(limit - seconds(session.lastActivityAt, now)));
}

/** Opens a session after a verified sign-in and returns its first refresh token. */
export async function startSession(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  input: {
    memberId: string;
    kind: Session['kind'];
    provider: Session['provider'];
    providerRefreshToken?: string;
    lifetimeSeconds?: number;
  },
): Promise<{ session: Stored<Session>; refreshToken: string }> {
  const now = deps.clock.now();
  const id = `session-${deps.ids.newId()}`;
  const { token, issued } = newRefreshToken(context.tenantId, id, 1);
  const session = await deps.storeFor(context).openSession(id, {
    memberId: input.memberId,
    kind: input.kind,
    provider: input.provider,
    signedInAt: now.toISOString(),
    absoluteExpiresAt: new Date(
      now.getTime() + Math.min(input.lifetimeSeconds ?? absoluteSessionSeconds, absoluteSessionSeconds) * 1000,
    ).toISOString(),
    lastActivityAt: now.toISOString(),
    refreshGeneration: 1,
    issuedRefreshTokens: [issued],
    ip: context.actor.ip ?? null,
    userAgent: storedUserAgent(context.actor.userAgent),
    ...(input.providerRefreshToken ? { providerRefreshToken: input.providerRefreshToken } : {}),
  });
  return { session, refreshToken: token };
}

/** Ends one session. Access tokens stop working on their next request: every request reads the session. */
export async function revokeSession(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  sessionId: string,
  reason: RevocationReason,
): Promise<Stored<Session>> {
  const store = deps.storeFor(context);
  return retryOnConflict(`session ${sessionId}`, async () => {
    const session = await store.findSession(sessionId);
    if (!session) throw new NotFoundError(`No session with id ${sessionId}`);
    if (session.revokedAt) return session;
    const revokedAt = deps.clock.now().toISOString();
    return store.saveSession(session, { ...session, revokedAt, revokedReason: reason, revokedBy: context.actor.id });
  });
}

export async function listSessions(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  filter: { memberId?: string; activeOnly?: boolean } = {},
): Promise<Stored<Session>[]> {
  const sessions = await deps.storeFor(context).sessionsOf(filter.memberId);
  const now = deps.clock.now();
  return filter.activeOnly ? sessions.filter((session) => !sessionEnded(session, now)) : sessions;
}

/** Ends every live session of a member (admin action, or the member removed). */
export async function revokeMemberSessions(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  memberId: string,
  reason: RevocationReason,
): Promise<number> {
  const live = await listSessions(deps, context, { memberId, activeOnly: true });
  await Promise.all(live.map((session) => revokeSession(deps, context, session.id, reason)));
  return live.length;
}

/** Records activity (at most every 30 s); a lost race with another request's write is harmless. */
export async function recordActivity(
  deps: TenantIdentityDependencies,
  session: Stored<Session>,
  tenantId: string,
): Promise<void> {
  const now = deps.clock.now();
  if (seconds(session.lastActivityAt, now) < activityWriteIntervalSeconds) return;
  const store = deps.storeFor({ tenantId, actor: { id: session.memberId, kind: session.kind } });
  try {
    await store.saveSession(session, { ...session, lastActivityAt: now.toISOString() });
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
  }
}
