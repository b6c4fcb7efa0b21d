import type { TenantContext } from '../platform/actor';
import type { TenantIdentityDependencies } from './identity-dependencies';
import type { SignInEvent } from './schemas';

/** A member's sign-ins, newest first, read from the organisation's audit log (the record of truth). */
export async function signInHistory(
  deps: Pick<TenantIdentityDependencies, 'storeFor'>,
  context: TenantContext,
  memberId: string,
  limit = 50,
): Promise<SignInEvent[]> {
  const records = await deps.storeFor(context).signInRecords(memberId, limit);
  return records.map((record) => ({
    at: record.timestamp,
    ip: record.ip,
    userAgent: record.userAgent,
    provider: typeof record.details?.provider === 'string' ? record.details.provider : null,
    result: record.action === 'auth.signed-in' ? 'signed-in' : 'refused',
    ...(typeof record.details?.reason === 'string' ? { reason: record.details.reason } : {}),
  }));
}
