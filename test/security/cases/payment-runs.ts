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

/** Payment runs act for the whole organisation: a restricted member is refused every one (403). */
async function notForRestricted(probe: Probe): Promise<void> {
  const response = await probe.send(probe.world.restricted);
  expect(response.status, 'a restricted member and payment runs').toBe(403);
}

const runSetup = new WeakMap<World, Promise<void>>();

/** A's AP control (bank changes usable at once: no cooling-off) and company bank settings, once per world. */
function runsReady(world: World): Promise<void> {
  let ready = runSetup.get(world);
  if (!ready) {
    ready = (async () => {
      // The payables cases may have chosen (and posted to) A's AP control account already: keep it.
      const current = await world.expectOk<{ apControlAccountId: string | null }>(
        world.a.admin,
        'GET',
        'payables/settings',
      );
      const ap = current.apControlAccountId ?? (await world.account('liability'));
      await world.expectOk(world.a.admin, 'PUT', 'payables/settings', {
        apControlAccountId: ap,
        bankChangeCoolingOffHours: 0,
      });
      await bankSettings(world);
    })();
    runSetup.set(world, ready);
  }
  return ready;
}

/** A vendor of A with an approved bank account (its notice sent first) and a posted bill. */
async function payableVendor(world: World): Promise<string> {
  await runsReady(world);
  const phone = '+1 555 0100';
  const { id: vendorId } = await world.expectOk<{ id: string }>(world.a.admin, 'POST', 'payables/vendors', {
    name: `Run vendor ${world.unique()}`,
    remittanceEmail: 'ap@run-vendor.example',
    contacts: [{ name: 'Accounts', email: 'ap@run-vendor.example', phone }],
    terms: { netDays: 30 },
  });
  const account = await world.expectOk<{ id: string }>(
    world.a.admin,
    'POST',
    `payables/vendors/${vendorId}/bank-accounts`,
    {
      routingNumber: '231380104',
      accountNumber: '12345678',
      accountType: 'checking',
      holderName: 'Run Vendor',
    },
  );
  await world.settled();
  await world.expectOk(world.a.admin2, 'POST', `payables/vendors/${vendorId}/bank-accounts/${account.id}/approve`, {
    verification: { method: 'call-back', phone, calledAt: new Date().toISOString(), notes: 'Confirmed by phone' },
  });
  const expense = await world.account('expense');
  const bill = await world.expectOk<{ id: string }>(world.a.admin2, 'POST', 'payables/bills', {
    vendorId,
    billNumber: `RUN-${world.unique()}`,
    billDate: world.today,
    currency: 'USD',
    lines: [{ accountId: expense, amount: '75.00' }],
    tax: '0',
  });
  const { version } = await world.expectOk<{ version: string }>(
    world.a.admin2,
    'POST',
    `payables/bills/${bill.id}/submit`,
  );
  await world.expectOk(world.a.admin, 'POST', `payables/bills/${bill.id}/approve`, { version });
  return vendorId;
}

const runBody = (world: World, vendorId: string) => ({
  payDate: world.today,
  dueBy: '2099-12-31',
  vendorIds: [vendorId],
});

/** A draft run of A created by `by` (A's second admin, so A's admin may approve it). */
async function draftRun(world: World, by = world.a.admin2): Promise<{ id: string; vendorId: string }> {
  const vendorId = await payableVendor(world);
  const run = await world.expectOk<{ id: string }>(by, 'POST', 'payment-runs', runBody(world, vendorId));
  return { id: run.id, vendorId };
}

/** Until the run's queue work is done: finalized, and its remittance email sent. */
async function finished(world: World, id: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const run = await world.expectOk<{ state: string }>(world.a.admin, 'GET', `payment-runs/${id}`);
    if (run.state === 'finalized') break;
    if (Date.now() > deadline) throw new Error(`payment run ${id} is still ${run.state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await world.settled();
}

async function finalizedRun(world: World): Promise<{ id: string; vendorId: string }> {
  const run = await draftRun(world);
  await world.expectOk(world.a.admin, 'POST', `payment-runs/${run.id}/approve`);
  await finished(world, run.id);
  return run;
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
  'payment-runs-list': { request: () => ({}), restricted: notForRestricted },
  'payment-runs-create': {
    // With B's token, A's vendor has no bills in B: nothing to propose (409).
    request: async (world) => ({ body: runBody(world, await payableVendor(world)) }),
    expect: 201,
    restricted: notForRestricted,
  },
  'payment-runs-get': {
    request: async (world) => ({ params: { id: (await draftRun(world)).id } }),
    restricted: notForRestricted,
  },
  'payment-runs-edit': {
    request: async (world) => ({ params: { id: (await draftRun(world, world.a.admin)).id }, body: { remove: [] } }),
    restricted: notForRestricted,
  },
  'payment-runs-approve': {
    request: async (world) => ({ params: { id: (await draftRun(world)).id } }),
    restricted: notForRestricted,
    // Approval hands the run to the queue: let it finish before the next route's snapshot.
    after: (probe) => finished(probe.world, probe.request.params!.id!),
  },
  'payment-runs-cancel': {
    request: async (world) => ({ params: { id: (await draftRun(world)).id } }),
    restricted: notForRestricted,
  },
  'payment-runs-file': {
    request: async (world) => ({ params: { id: (await finalizedRun(world)).id } }),
    restricted: notForRestricted,
  },
  'payment-runs-return': {
    request: async (world) => {
      const run = await finalizedRun(world);
      return { params: { id: run.id }, body: { vendorId: run.vendorId, code: 'R03', date: world.today } };
    },
    restricted: notForRestricted,
  },
};
