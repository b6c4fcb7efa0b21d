import type { JWTPayload } from 'jose';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../platform/errors';
import type { MemberStore } from './identity-store';
import type { EntraIdentity, Member } from './member';

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
 * id is someone else who was given that address: 'mismatch'. The store is the member's own: the
 * binding and its audit record are theirs.
 */
export async function holdToEntraIdentity(
  store: MemberStore,
  member: Stored<Member>,
  identity: EntraIdentity,
): Promise<'matched' | 'bound' | 'mismatch'> {
  for (let current = member, attempt = 1; ; attempt += 1) {
    if (current.entraIdentity)
      return current.entraIdentity.tenantId === identity.tenantId &&
        current.entraIdentity.objectId === identity.objectId
        ? 'matched'
        : 'mismatch';
    try {
      await store.bindEntraIdentity(current, identity, {
        action: 'member.entra-identity-bound',
        target: { type: 'member', id: current.id },
        details: { tenantId: identity.tenantId, objectId: identity.objectId },
      });
      return 'bound';
    } catch (error) {
      // Another sign-in (or an admin's change) got there first: decide on the member as it is now.
      const lostRace = error instanceof PreconditionFailedError || error instanceof ConflictError;
      if (!lostRace || attempt >= 5) throw error;
      const fresh = await store.findMember(current.id);
      if (!fresh) throw new NotFoundError(`No member with id ${current.id}`);
      current = fresh;
    }
  }
}
