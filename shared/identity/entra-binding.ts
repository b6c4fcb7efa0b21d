import type { JWTPayload } from 'jose';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository } from '../platform/data/tenant-repository';
import { ConflictError, PreconditionFailedError } from '../platform/errors';
import { memberType, type EntraIdentity, type Member } from './member';

/** The Entra identity an ID token names, or undefined when it lacks `tid` or `oid`. */
export function entraIdentityOf(claims: JWTPayload): EntraIdentity | undefined {
  const { tid, oid } = claims;
  if (typeof tid !== 'string' || typeof oid !== 'string' || !tid || !oid) return undefined;
  return { tenantId: tid.toLowerCase(), objectId: oid.toLowerCase() };
}

/**
 * Holds a member to one Entra identity. The first Entra sign-in as the member binds its
 * tenant and object id to the member (audited, in one transaction with the binding); every
 * later one must present the same pair. An ID token with the member's email but another object
 * id is someone else who was given that address: 'mismatch'.
 */
export async function holdToEntraIdentity(
  repository: TenantRepository,
  member: Stored<Member>,
  identity: EntraIdentity,
  context: TenantContext,
  now: Date,
): Promise<'matched' | 'bound' | 'mismatch'> {
  for (let current = member, attempt = 1; ; attempt += 1) {
    if (current.entraIdentity)
      return current.entraIdentity.tenantId === identity.tenantId &&
        current.entraIdentity.objectId === identity.objectId
        ? 'matched'
        : 'mismatch';
    const transaction = repository.transaction().replace<Member>(current, { ...current, entraIdentity: identity });
    await stageAuditRecord(
      repository,
      transaction,
      context,
      {
        action: 'member.entra-identity-bound',
        target: { type: 'member', id: current.id },
        details: { tenantId: identity.tenantId, objectId: identity.objectId },
      },
      now,
    );
    try {
      await transaction.commit();
      return 'bound';
    } catch (error) {
      // Another sign-in (or an admin's change) got there first: decide on the member as it is now.
      const lostRace = error instanceof PreconditionFailedError || error instanceof ConflictError;
      if (!lostRace || attempt >= 5) throw error;
      current = await repository.get<Member>(memberType, current.id);
    }
  }
}
