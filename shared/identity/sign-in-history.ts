import type { TenantContext } from '../platform/actor';
import type { AuditRecord } from '../platform/audit/audit-record';
import { auditRecordType } from '../platform/audit/audit-record';
import { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import type { SignInEvent } from './schemas';

/** A member's sign-ins, newest first, read from the organisation's audit log (the record of truth). */
export async function signInHistory(
  deps: Pick<DomainDependencies, 'container' | 'clock'>,
  context: TenantContext,
  memberId: string,
  limit = 50,
): Promise<SignInEvent[]> {
  const page = await new TenantRepository(deps.container, context, deps.clock).query<AuditRecord>(auditRecordType, {
    where: "c.target.id = @member AND (c.action = 'auth.signed-in' OR c.action = 'auth.sign-in-failed')",
    parameters: [{ name: '@member', value: memberId }],
    orderBy: 'c.sequence DESC',
    maxItemCount: limit,
  });
  return page.items.map((record) => ({
    at: record.timestamp,
    ip: record.ip,
    userAgent: record.userAgent,
    provider: typeof record.details?.provider === 'string' ? record.details.provider : null,
    result: record.action === 'auth.signed-in' ? 'signed-in' : 'refused',
    ...(typeof record.details?.reason === 'string' ? { reason: record.details.reason } : {}),
  }));
}
