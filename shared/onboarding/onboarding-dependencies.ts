import type { TenantContext } from '../platform/actor';
import type { Clock, IdGenerator } from '../platform/clock';
import type { DomainDependencies, PlatformDependencies } from '../platform/domain-dependencies';
import { closeSchedule } from '../ledger/close-schedule';
import { ledgerDependencies, type LedgerDependencies } from '../ledger/ledger-dependencies';
import type { CloseScheduleStore } from '../ledger/period-store';
import { cosmosOrganizationStore, cosmosPlatformOnboardingStore, cosmosRegistryStore } from './cosmos-onboarding-store';
import type { OrganizationStore, PlatformOnboardingStore, RegistryStore } from './onboarding-store';

/**
 * What an organisation's settings are changed with: its partition as the caller acts in it, the
 * ledger (whether anything is numbered) and the close schedule a new close day goes onto.
 */
export interface SettingsDependencies {
  /** The partition of `context.tenantId`, written as `context`'s actor. */
  readonly storeFor: (context: TenantContext) => OrganizationStore;
  readonly ledger: LedgerDependencies;
  readonly closeSchedule: CloseScheduleStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** What the platform's onboarding adds: the register and its log, slugs and operators. */
export interface OnboardingDependencies extends SettingsDependencies {
  readonly registryFor: (context: TenantContext) => RegistryStore;
  readonly platform: PlatformOnboardingStore;
}

export function settingsDependencies(deps: DomainDependencies): SettingsDependencies {
  return {
    storeFor: (context) => cosmosOrganizationStore(deps, context),
    ledger: ledgerDependencies(deps),
    closeSchedule: closeSchedule(deps),
    clock: deps.clock,
    ids: deps.ids,
  };
}

export function onboardingDependencies(deps: PlatformDependencies): OnboardingDependencies {
  return {
    ...settingsDependencies(deps),
    registryFor: (context) => cosmosRegistryStore(deps, context),
    platform: cosmosPlatformOnboardingStore(deps.platform),
  };
}
