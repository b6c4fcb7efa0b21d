import { requireActiveRestrictions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import type { Restrictions } from '../platform/auth/restrictions';
import type { Clock, IdGenerator } from '../platform/clock';
import type { DomainDependencies, PlatformDependencies } from '../platform/domain-dependencies';
import { cosmosIdentityStore } from './cosmos-identity-store';
import { cosmosPlatformIdentityStore } from './cosmos-platform-identity-store';
import type { IdentityStore, PlatformIdentityStore } from './identity-store';

/**
 * What an identity service is given: its store for a caller (every write attributed to them),
 * the clock and ids. Identity's services never build a store themselves; the composition does,
 * here, from the storage the handler or the wiring point hands over.
 */
export interface IdentityDependencies {
  readonly storeFor: (context: TenantContext) => IdentityStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Every facility and division a member is restricted to must be active on the organisation's lists. */
  readonly checkRestrictions: (context: TenantContext, restrictions: Restrictions) => Promise<void>;
  /** The documents (slugs, pending sign-ins, operators, address blocks, security events) of the platform's own. */
  readonly platform: PlatformIdentityStore;
}

/** Identity's services that touch only organisations' partitions. */
export type TenantIdentityDependencies = Omit<IdentityDependencies, 'platform'>;

export function tenantIdentityDependencies(deps: DomainDependencies): TenantIdentityDependencies {
  return {
    storeFor: (context) => cosmosIdentityStore(deps, context),
    clock: deps.clock,
    ids: deps.ids,
    checkRestrictions: (context, restrictions) => requireActiveRestrictions(deps, context, restrictions),
  };
}

export function identityDependencies(deps: PlatformDependencies): IdentityDependencies {
  return { ...tenantIdentityDependencies(deps), platform: cosmosPlatformIdentityStore(deps.platform) };
}
