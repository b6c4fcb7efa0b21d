import { expect } from 'vitest';
import type { Probe, RouteCase } from '../route-case';
import { requestCode, share } from '../portfolio-shares';
import type { World } from '../world';

/** The portfolio acts for the whole organisation: a restricted member is refused every route. */
async function wholeOrganisationOnly(probe: Probe): Promise<void> {
  const response = await probe.send(probe.world.restricted);
  expect(response.status, `a restricted member on ${probe.route.name}: ${await response.text()}`).toBe(403);
}

const lastMonth = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

/**
 * A fresh organisation's code for A to apply, from one B already shares with: B's admin sending
 * it is refused (409) without using the code up, so A's admin's valid request still works.
 */
async function codeForA(world: World): Promise<string> {
  await world.renewAdminSignIns();
  const other = await world.anotherOrganisation();
  await share(world, world.b, other);
  return requestCode(world, other);
}

/**
 * With B holding a share of A: B reads A's balances through its own share; once A revokes, the
 * very next read is 404, like every other route of A. A shares again so later cases keep the grant.
 */
async function revocationStopsTheNextRead({ world }: Probe): Promise<void> {
  const read = (shareId: string) =>
    world.call(world.b.admin, 'GET', `portfolio/shares/${shareId}/balances`, { query: { month: lastMonth() } });
  const before = await read(world.shares.aToB.shareId);
  expect(before.status, await before.text()).toBe(200);
  await world.renewAdminSignIns();
  await world.expectOk(world.a.admin, 'POST', `portfolio/grants/${world.shares.aToB.grantId}/revoke`);
  expect((await read(world.shares.aToB.shareId)).status, 'the first read after the revocation').toBe(404);
  world.shares = { ...world.shares, aToB: await share(world, world.a, world.b) };
}

/** Share requests, grants (A as owner), shares (A as requester), and A's reading of B's balances. */
export const portfolioCases: Record<string, RouteCase> = {
  'portfolio-share-requests-create': { request: () => ({}), expect: 201, restricted: wholeOrganisationOnly },
  'portfolio-grants-preview': {
    request: async (world) => ({ body: { code: await codeForA(world), allowMonthToDate: true } }),
    restricted: wholeOrganisationOnly,
  },
  'portfolio-grants-create': {
    request: async (world) => ({ body: { code: await codeForA(world), allowMonthToDate: false, confirm: true } }),
    expect: 201,
    restricted: wholeOrganisationOnly,
  },
  'portfolio-grants-list': { request: () => ({}), restricted: wholeOrganisationOnly },
  'portfolio-grants-revoke': {
    request: async (world) => {
      await world.renewAdminSignIns();
      return { params: { id: (await share(world, world.a, await world.anotherOrganisation())).grantId } };
    },
    restricted: wholeOrganisationOnly,
  },
  'portfolio-shares-list': { request: () => ({}), restricted: wholeOrganisationOnly },
  'portfolio-shares-end': {
    request: async (world) => ({
      params: { id: (await share(world, await world.anotherOrganisation(), world.a)).shareId },
    }),
    restricted: wholeOrganisationOnly,
  },
  'portfolio-shares-balances': {
    request: (world) => ({ params: { id: world.shares.bToA.shareId }, query: { month: lastMonth() } }),
    restricted: wholeOrganisationOnly,
    extra: revocationStopsTheNextRead,
  },
  'portfolio-consolidations-get': {
    request: () => ({ params: { month: lastMonth() } }),
    otherOrganisation: 'own-data',
    restricted: wholeOrganisationOnly,
  },
  'portfolio-consolidations-set': {
    request: () => ({
      params: { month: lastMonth() },
      body: {
        translationAdjustmentCode: '3900',
        rates: { EUR: { closing: '1.1', average: '1.05' } },
        eliminations: [
          {
            memo: 'Intercompany',
            lines: [
              { code: '3900', side: 'debit', amount: '10.00' },
              { code: '1000', side: 'credit', amount: '10.00' },
            ],
          },
        ],
      },
    }),
    otherOrganisation: 'own-data',
    restricted: wholeOrganisationOnly,
  },
  'portfolio-consolidations-trial-balance': {
    request: () => ({ params: { month: lastMonth() }, query: { format: 'csv' } }),
    // B's own consolidation reads the balances A shares with it: A's log records that read.
    otherOrganisation: 'own-data',
    auditedInA: (world) => [`portfolio.balances-read ${world.shares.aToB.grantId}`],
    restricted: wholeOrganisationOnly,
  },
};
