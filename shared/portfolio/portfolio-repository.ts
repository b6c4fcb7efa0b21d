import type { TenantContext } from '../platform/actor';
import { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ForbiddenError } from '../platform/errors';
import { isRestricted } from '../ledger/ledger-reach';

/**
 * The caller's own partition, for every portfolio service but the one cross-tenant module. The
 * portfolio speaks for the whole organisation (its whole chart goes out, whole charts come in),
 * so a member restricted to some facilities or divisions may neither share nor see shares.
 */
export function openPortfolio(deps: DomainDependencies, context: TenantContext): TenantRepository {
  if (isRestricted(context.restrictions))
    throw new ForbiddenError(
      'The portfolio acts for the whole organisation: not for a member restricted to some facilities or divisions',
    );
  return new TenantRepository(deps.container, context, deps.clock);
}
