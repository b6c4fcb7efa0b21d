import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
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
  'platform-organizations-reactivate': {
    request: async (world) => ({ params: { id: await registered(world, true) } }),
    restricted: refusedToMembers,
  },
};
