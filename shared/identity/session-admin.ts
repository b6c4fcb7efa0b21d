import type { TenantContext } from '../platform/actor';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import { TenantRepository } from '../platform/data/tenant-repository';
import { retryOnConflict } from '../platform/data/retry';
import { NotFoundError } from '../platform/errors';
import { memberType, type Member } from './member';
import type { SessionSummary } from './schemas';
import { sessionEnded, sessionType, stageRevocations, type RevocationReason, type Session } from './sessions';

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
  deps: DomainDependencies,
  context: TenantContext,
  memberId?: string,
): Promise<SessionSummary[]> {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const sessions = await repository.queryAll<Session>(
    sessionType,
    memberId ? { where: 'c.memberId = @memberId', parameters: [{ name: '@memberId', value: memberId }] } : {},
  );
  const now = deps.clock.now();
  return sessions.filter((session) => !sessionEnded(session, now)).map(summarize);
}

/**
 * Ends sessions and records why in the audit log, in one transaction: a revocation without its
 * audit record (or the reverse) cannot happen.
 */
async function revokeAudited(
  deps: DomainDependencies,
  context: TenantContext,
  select: (repository: TenantRepository) => Promise<Stored<Session>[]>,
  reason: RevocationReason,
  entry: AuditEntry,
): Promise<number> {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  return retryOnConflict('The sessions', async () => {
    const now = deps.clock.now();
    const transaction = repository.transaction();
    const live = stageRevocations(transaction, await select(repository), {
      now,
      reason,
      by: context.actor.id,
      limit: 98,
    });
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { ...entry, details: { ...entry.details, sessions: Math.min(live, 98), reason } },
      now,
    );
    await transaction.commit();
    return live;
  });
}

export async function endSession(
  deps: DomainDependencies,
  context: TenantContext,
  sessionId: string,
  reason: RevocationReason = 'admin',
): Promise<void> {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const session = await repository.get<Session>(sessionType, sessionId);
  await revokeAudited(deps, context, async (r) => [await r.get<Session>(sessionType, session.id)], reason, {
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

export async function endMemberSessions(
  deps: DomainDependencies,
  context: TenantContext,
  memberId: string,
): Promise<number> {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  if (!(await repository.find<Member>(memberType, memberId))) throw new NotFoundError(`No member with id ${memberId}`);
  let total = 0;
  // Batches hold at most 100 operations: a member with very many sessions takes several rounds.
  for (;;) {
    const ended = await revokeAudited(
      deps,
      context,
      (r) =>
        r.queryAll<Session>(sessionType, {
          where: 'c.memberId = @memberId',
          parameters: [{ name: '@memberId', value: memberId }],
        }),
      'admin',
      { action: 'member.sessions-revoked', target: { type: 'member', id: memberId } },
    );
    total += Math.min(ended, 98);
    if (ended <= 98) return total;
  }
}
