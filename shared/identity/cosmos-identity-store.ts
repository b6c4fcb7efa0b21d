import type { TenantContext } from '../platform/actor';
import { appendAuditRecord, stageAuditRecord } from '../platform/audit/audit-log';
import { auditRecordType, type AuditEntry, type AuditRecord } from '../platform/audit/audit-record';
import type { DomainDependencies } from '../platform/domain-dependencies';
import type { Stored } from '../platform/data/stored-document';
import { TenantRepository, type TenantTransaction } from '../platform/data/tenant-repository';
import { stageEmail } from '../platform/email/email-message';
import {
  changeOrganization,
  checkedOrganization,
  organizationRef,
  requireOrganization,
} from '../platform/organization/organization-store';
import { cosmosMemberStore } from './cosmos-member-store';
import type { IdentityStore } from './identity-store';
import { ipBlockId, ipBlockType } from './ip-blocks';
import { memberType, type Member } from './member';
import type { IpBlock } from './schemas';
import { sessionType, stageRevocations, type Session } from './sessions';

/** Stages an audit record into `transaction` as `context`, at the clock's now. */
export type AuditStaging = (transaction: TenantTransaction, entry: AuditEntry) => Promise<unknown>;

/**
 * Identity's store over one organisation's partition, every write attributed to `context`'s actor.
 * The only identity file (with cosmos-member-store.ts) that touches the tenant repository.
 */
export function cosmosIdentityStore(deps: DomainDependencies, context: TenantContext): IdentityStore {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const stageAudit: AuditStaging = (transaction, entry) =>
    stageAuditRecord(repository, transaction, context, entry, deps.clock.now());
  const ofMember = (memberId: string) => ({
    where: 'c.memberId = @memberId',
    parameters: [{ name: '@memberId', value: memberId }],
  });
  return {
    ...cosmosMemberStore(repository, stageAudit),

    findSession: (id) => repository.find<Session>(sessionType, id),
    sessionsOf: (memberId) => repository.queryAll<Session>(sessionType, memberId ? ofMember(memberId) : {}),
    async readAuthentication({ sessionId, memberId, ip }) {
      const [session, member, block, organization] = await repository.findEach([
        { type: sessionType, id: sessionId },
        { type: memberType, id: memberId },
        { type: ipBlockType, id: ipBlockId(ip) },
        organizationRef(context.tenantId),
      ] as const);
      return {
        session: session as Stored<Session> | undefined,
        member: member as Stored<Member> | undefined,
        block: block as Stored<IpBlock> | undefined,
        organization: checkedOrganization(organization),
      };
    },
    openSession: (id, session) => repository.create<Session>(sessionType, id, session),
    saveSession: (current, next) => repository.replace<Session>(current, next),
    async endSessions(sessions, ending, audit) {
      const transaction = repository.transaction();
      stageRevocations(transaction, sessions, { ...ending, limit: 98 });
      await stageAudit(transaction, audit);
      await transaction.commit();
    },

    findBlock: (ip) => repository.find<IpBlock>(ipBlockType, ipBlockId(ip)),
    listBlocks: () => repository.queryAll<IpBlock>(ipBlockType),
    async writeBlock(existing, block, audit) {
      const transaction = repository.transaction();
      if (existing) transaction.replace(existing, block);
      else transaction.create(ipBlockType, ipBlockId(block.ip), block);
      await stageAudit(transaction, audit);
      await transaction.commit();
    },

    readOrganization: () => requireOrganization(repository),
    async changeOrganization(decide) {
      return changeOrganization(repository, async (organization, transaction) => {
        const { next, audit, notice, result } = decide(organization);
        const tickets = notice ? [stageEmail(transaction, deps.ids, notice)] : [];
        await stageAudit(transaction, audit);
        return { next, result: { result, tickets } };
      });
    },

    async appendAudit(entry, as = context) {
      await appendAuditRecord(repository, as, entry, () => deps.clock.now());
    },
    async signInRecords(memberId, limit) {
      const page = await repository.query<AuditRecord>(auditRecordType, {
        where: "c.target.id = @member AND (c.action = 'auth.signed-in' OR c.action = 'auth.sign-in-failed')",
        parameters: [{ name: '@member', value: memberId }],
        orderBy: 'c.sequence DESC',
        maxItemCount: limit,
      });
      return page.items;
    },
  };
}
