import { beforeAll, describe, expect, it } from 'vitest';
import { demoOrganizations, seedDemo } from '../../local/seed-demo';
import { memberType, type Member } from '../../shared/identity/member';
import { tenantIdForSlug } from '../../shared/identity/organization';
import { cosmosPlatformIdentityStore } from '../../shared/identity/cosmos-platform-identity-store';
import { chartTemplates } from '../../shared/onboarding/chart-templates';
import { registryType } from '../../shared/onboarding/cosmos-onboarding-store';
import { platformAdministrationTenant } from '../../shared/platform/auth/principal';
import { PlatformRepository } from '../../shared/platform/data/platform-repository';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';

const system = (tenantId: string) => ({ tenantId, actor: { id: 'system:test', kind: 'system' as const } });

/** `npm start` seeds its demo through onboarding: what a newcomer sees is what a customer gets. */
describe('the demo seed', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });

  it('creates the demo organisations through the onboarding service, once', async () => {
    expect((await seedDemo(db.containers.tenantData, db.containers.platform)).map((o) => o.slug)).toEqual([
      'northwind',
      'contoso',
    ]);
    const platform = new PlatformRepository(db.containers.platform);
    const register = new TenantRepository(db.containers.tenantData, system(platformAdministrationTenant));
    const registered = await register.queryAll<{ organization: string; status: string }>(registryType);
    expect(registered.map((r) => [r.organization, r.status]).sort()).toEqual([
      ['org-contoso', 'active'],
      ['org-northwind', 'active'],
    ]);
    const services = chartTemplates.find((t) => t.id === 'services')!;
    for (const demo of demoOrganizations) {
      expect(await tenantIdForSlug(cosmosPlatformIdentityStore(platform), demo.slug)).toBe(demo.id);
      const repository = new TenantRepository(db.containers.tenantData, system(demo.id));
      const members = await repository.queryAll<Member>(memberType);
      expect(members.map((m) => m.email).sort()).toEqual(demo.members.map((m) => m.email).sort());
      expect(members.find((m) => m.email === demo.members[0]!.email)?.displayName).toBe(demo.members[0]!.displayName);
      expect((await repository.queryAll('account')).length).toBe(services.accounts.length);
      const actions = (await repository.queryAll<{ action: string }>('audit-record')).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['organization.created', 'ledger.chart-loaded', 'member.added']));
    }
    const schedule = new TenantRepository(db.containers.tenantData, system('platform:close-schedule'));
    expect((await schedule.queryAll('close-schedule')).length).toBe(2);

    expect(await seedDemo(db.containers.tenantData, db.containers.platform)).toEqual([]);
  });
});
