import type { TenantContext } from '../platform/actor';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import { retryOnConflict } from '../platform/data/retry';
import { NotFoundError } from '../platform/errors';
import type { TenantIdentityDependencies } from './identity-dependencies';
import type { IdentityStore } from './identity-store';
import type { SessionSummary } from './schemas';
import { sessionEnded, type RevocationReason, type Session } from './sessions';

/** What an admin or the member sees of a session: never token material. */
export function summarize(session: Stored<Session>): SessionSummary {
  return {
    id: session.id,
    memberId: session.memberId,
    provider: session.provider,
    signedInAt: session.signedInAt,
    lastActivityAt: session.lastActivityAt,
    expiresAt: session.absoluteExpiresAt,
    ip: session.ip,
    userAgent: session.userAgent,
  };
}

export async function listActiveSessions(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  memberId?: string,
): Promise<SessionSummary[]> {
  const sessions = await deps.storeFor(context).sessionsOf(memberId);
  const now = deps.clock.now();
  return sessions.filter((session) => !sessionEnded(session, now)).map(summarize);
}

/** A batch holds at most 100 operations; the audit record takes two. */
const sessionsPerBatch = 98;

/**
 * Ends sessions and records why in the audit log, in one transaction: a revocation without its
 * audit record (or the reverse) cannot happen.
 */
async function revokeAudited(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  select: (store: IdentityStore) => Promise<Stored<Session>[]>,
  reason: RevocationReason,
  entry: AuditEntry,
): Promise<number> {
  const store = deps.storeFor(context);
  return retryOnConflict('The sessions', async () => {
    const now = deps.clock.now();
    const live = (await select(store)).filter((session) => !sessionEnded(session, now));
    const ending = live.slice(0, sessionsPerBatch);
    await store.endSessions(
      ending,
      { now, reason, by: context.actor.id },
      { ...entry, details: { ...entry.details, sessions: ending.length, reason } },
    );
    return live.length;
  });
}

export async function endSession(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  sessionId: string,
  reason: RevocationReason = 'admin',
): Promise<void> {
  const session = await requireSession(deps.storeFor(context), sessionId);
  await revokeAudited(deps, context, async (store) => [await requireSession(store, session.id)], reason, {
    action:
      reason === 'logout'
        ? 'session.logged-out'
        : reason === 'directory-disabled'
          ? 'session.directory-disabled'
          : 'session.revoked',
    target: { type: 'session', id: sessionId },
    details: { memberId: session.memberId },
  });
}

async function requireSession(store: IdentityStore, sessionId: string): Promise<Stored<Session>> {
  const session = await store.findSession(sessionId);
  if (!session) throw new NotFoundError(`No session with id ${sessionId}`);
  return session;
}

export async function endMemberSessions(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  memberId: string,
): Promise<number> {
  if (!(await deps.storeFor(context).findMember(memberId))) throw new NotFoundError(`No member with id ${memberId}`);
  let total = 0;
  // Batches hold at most 100 operations: a member with very many sessions takes several rounds.
  for (;;) {
    const ended = await revokeAudited(deps, context, (store) => store.sessionsOf(memberId), 'admin', {
      action: 'member.sessions-revoked',
      target: { type: 'member', id: memberId },
    });
    total += Math.min(ended, sessionsPerBatch);
    if (ended <= sessionsPerBatch) return total;
  }
}
