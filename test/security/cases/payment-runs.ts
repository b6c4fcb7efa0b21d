import { expect } from 'vitest';
import type { Probe, RouteCase } from '../route-case';
import type { World } from '../world';

/** Bank settings act for the whole organisation: a restricted member reads none and changes none (403). */
async function wholeOrganisationOnly(probe: Probe): Promise<void> {
  const response = await probe.send(probe.world.restricted);
  expect([403, 404], 'a restricted member and the company bank settings').toContain(response.status);
}

export function bankSettingsBody(world: World) {
  return {
    originatingRoutingNumber: '121042882',
    immediateDestination: '231380104',
    immediateDestinationName: 'Federal Reserve Bank',
    immediateOrigin: '121042882',
    immediateOriginName: 'Organisation A Bank',
    companyName: 'Organisation A',
    companyIdentification: '1234567890',
    apCashAccountId: world.a.accounts.cash,
    discountAccountId: world.a.accounts.revenue,
  };
}

/** A's company bank settings as its banking admin leaves them. */
async function bankSettings(world: World): Promise<void> {
  await world.expectOk(world.a.admin, 'PUT', 'payment-runs/bank-settings', bankSettingsBody(world));
}

/** Company bank settings, payment runs, their files and returns. */
export const paymentRunCases: Record<string, RouteCase> = {
  'payment-runs-bank-settings-get': {
    request: async (world) => {
      await bankSettings(world);
      return {};
    },
    restricted: wholeOrganisationOnly,
  },
  'payment-runs-bank-settings-set': {
    // With B's token, A's cash account is an unknown account (400), not A's.
    request: (world) => ({ body: bankSettingsBody(world) }),
    restricted: wholeOrganisationOnly,
  },
};
