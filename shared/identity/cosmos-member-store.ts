import type { TenantRepository } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import type { AuditStaging } from './cosmos-identity-store';
import type { MemberStore } from './identity-store';
import { memberEmailIndexId, memberType, type Member } from './member';
import { sessionType, stageRevocations, type Session } from './sessions';

const rosterType = 'member-roster';
const rosterId = 'member-roster';

/** The members part of identity's Cosmos store, over the repository the store was opened with. */
export function cosmosMemberStore(repository: TenantRepository, stageAudit: AuditStaging): MemberStore {
  return {
    findMember: (id) => repository.find<Member>(memberType, id),
    listMembers: () => repository.queryAll<Member>(memberType),
    async activeMemberByEmail(email) {
      const [member] = await repository.queryAll<Member>(memberType, {
        where: 'c.email = @email AND c.status = @active',
        parameters: [
          { name: '@email', value: email },
          { name: '@active', value: 'active' },
        ],
      });
      return member;
    },
    async addMember(id, member, audit) {
      const transaction = repository
        .transaction()
        .create(memberType, id, member)
        .create('member-email', memberEmailIndexId(member.email), { memberId: id });
      await stageAudit(transaction, audit);
      try {
        await transaction.commit();
      } catch (error) {
        if (error instanceof ConflictError && /member-email/.test(error.message))
          throw new ConflictError('A member with this email already exists in the organisation');
        throw error;
      }
    },
    async readRoster() {
      const version = await repository.find<{ version: number }>(rosterType, rosterId);
      return { version, members: await repository.queryAll<Member>(memberType) };
    },
    async changeMember({ roster, target, next, endSessions, audit }) {
      const transaction = repository.transaction().replace(target, next);
      if (roster.version) transaction.replace(roster.version, { version: roster.version.version + 1 });
      else transaction.create(rosterType, rosterId, { version: 1 });
      if (endSessions) {
        const sessions = await repository.queryAll<Session>(sessionType, {
          where: 'c.memberId = @m',
          parameters: [{ name: '@m', value: target.id }],
        });
        stageRevocations(transaction, sessions, { ...endSessions, limit: 90 });
      }
      await stageAudit(transaction, audit);
      await transaction.commit();
    },
    async bindEntraIdentity(current, identity, audit) {
      const transaction = repository.transaction().replace<Member>(current, { ...current, entraIdentity: identity });
      await stageAudit(transaction, audit);
      await transaction.commit();
    },
  };
}
