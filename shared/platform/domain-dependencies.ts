import type { Container } from '@azure/cosmos';
import type { Clock, IdGenerator } from './clock';
import type { PlatformRepository } from './data/platform-repository';
import type { Services } from './services';

/**
 * What a domain service is given, the one shape for every domain: where the organisations'
 * documents live (opened only as a TenantRepository, or the ledger's LedgerRepository, never
 * read directly), and the clock and ids every record is stamped with. Handlers pass
 * `domainDependencies(ctx.services)`; tests build it on their emulator database.
 */
export interface DomainDependencies {
  readonly container: Container;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** A domain that also keeps documents of the platform's own (identity: slugs, sign-ins, blocks, events). */
export interface PlatformDependencies extends DomainDependencies {
  readonly platform: PlatformRepository;
}

export function domainDependencies(services: Pick<Services, 'containers' | 'clock' | 'ids'>): DomainDependencies {
  return { container: services.containers.tenantData, clock: services.clock, ids: services.ids };
}

export function platformDependencies(
  services: Pick<Services, 'containers' | 'clock' | 'ids' | 'platformRepository'>,
): PlatformDependencies {
  return { ...domainDependencies(services), platform: services.platformRepository };
}
