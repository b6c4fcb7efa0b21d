import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { closeSchedule, findScheduleEntry } from '../../../shared/ledger/close-schedule';
import { auditRecordType } from '../../../shared/platform/audit/audit-record';
import { systemClock } from '../../../shared/platform/clock';
import { TenantRepository } from '../../../shared/platform/data/tenant-repository';
import { eventually } from '../../harness/outbox';
import type { Probe, RouteCase } from '../route-case';
import type { World } from '../world';

const onboardingSuite = { suite: 'test/e2e/onboarding.test.ts' };
/** A member, restricted or not, never reaches platform administration. */
const refusedToMembers = async (probe: Probe) => expect((await probe.send(probe.world.restricted)).status).toBe(403);

const newOrganization = () => {
  const slug = `rt-${randomUUID().slice(0, 8)}`;
  return {
    slug,
    legalName: `Route Table ${slug}`,
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
    signIn: { googleDomains: [`${slug}.example`] },
    firstAdminEmail: `admin@${slug}.example`,
  };
};

async function registered(world: World, suspended: boolean): Promise<string> {
  const { id } = await world.expectOk<{ id: string }>(
    world.platformOperator,
    'POST',
    'platform/organizations',
    newOrganization(),
  );
  if (suspended)
    await world.expectOk(world.platformOperator, 'POST', `platform/organizations/${id}/suspend`, {
      reason: 'route-table suite: suspended to be reactivated',
    });
  return id;
}

const newOperator = () => ({ email: `rt-${randomUUID().slice(0, 8)}@ledgerline.example`, administration: true });

/** A fresh operator to deactivate: the world's own operator must stay active for the other cases. */
async function operatorToDeactivate(world: World): Promise<string> {
  return (await world.expectOk<{ id: string }>(world.platformOperator, 'POST', 'platform/operators', newOperator())).id;
}

/**
 * The migration runs in the background in every organisation the platform holds; A is among them
 * once it is on the close schedule (a case before changed its close day). Its completion record
 * is the run's last write in A: until it is there, A would change under the next case's snapshots.
 */
async function migrationSettled({ world }: Probe): Promise<void> {
  const tenantId = world.a.tenantId;
  if (!(await findScheduleEntry(closeSchedule({ container: world.data, clock: systemClock }), tenantId))) return;
  const audit = new TenantRepository(world.data, { tenantId, actor: { id: 'system:test', kind: 'system' } });
  await eventually(async () => {
    const done = await audit.queryAll(auditRecordType, { where: "c.action = 'settings.dimensions-migrated'" });
    return done.length > 0 ? true : undefined;
  }, 15_000);
}

/** Organisation settings, chart templates, and the platform's administration of organisations and operators. */
export const onboardingCases: Record<string, RouteCase> = {
  'settings-organization': { request: () => ({}), restricted: onboardingSuite },
  'settings-organization-change': {
    request: () => ({ body: { closeOnDay: 10 } }),
    restricted: onboardingSuite,
  },
  'settings-chart-templates': {
    request: () => ({}),
    restricted: { unaffected: 'chart templates are the platform’s data, the same for everyone' },
  },
  'ledger-accounts-load-template': {
    request: () => ({ body: { template: 'services' } }),
    // A's chart is set up, and a template loads only into an empty chart: loading one is proven in the onboarding suite.
    expect: 409,
    restricted: onboardingSuite,
  },
  'platform-organizations-list': { request: () => ({}), restricted: refusedToMembers },
  'platform-organizations-create': { request: () => ({ body: newOrganization() }), restricted: refusedToMembers },
  'platform-organizations-suspend': {
    request: async (world) => ({
      params: { id: await registered(world, false) },
      body: { reason: 'route-table suite: a suspension' },
    }),
    restricted: refusedToMembers,
  },
  'platform-operators-list': { request: () => ({}), restricted: refusedToMembers },
  'platform-operators-register': { request: () => ({ body: newOperator() }), restricted: refusedToMembers },
  'platform-operators-deactivate': {
    request: async (world) => ({ params: { id: await operatorToDeactivate(world) } }),
    restricted: refusedToMembers,
  },
  'platform-dimensions-migrate': { request: () => ({}), restricted: refusedToMembers, after: migrationSettled },
  'platform-organizations-reactivate': {
    request: async (world) => ({ params: { id: await registered(world, true) } }),
    restricted: refusedToMembers,
  },
};
