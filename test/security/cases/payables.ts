import { onRecord, type RouteCase } from '../route-case';
import type { World } from '../world';
import { restrictedOutOfReach } from '../out-of-reach';

/**
 * A restricted member (F1 + D1) and A's untagged vendors and bills: the records belong to the whole
 * organisation, so by id they are not found (404, writes too), lists leave them out, and adding an
 * untagged one, or changing the settings, is forbidden (403).
 */
const outOfReach = restrictedOutOfReach([403, 404]);

const setup = new WeakMap<World, Promise<{ expense: string; ap: string }>>();

/** A's expense and AP control accounts, the settings naming the latter, made once per world. */
function accountsOf(world: World): Promise<{ expense: string; ap: string }> {
  let made = setup.get(world);
  if (!made) {
    made = (async () => {
      const expense = await world.account('expense');
      const ap = await world.account('liability');
      await world.expectOk(world.a.admin, 'PUT', 'payables/settings', { apControlAccountId: ap });
      return { expense, ap };
    })();
    setup.set(world, made);
  }
  return made;
}

const vendorBody = (world: World) => ({
  name: `Vendor ${world.unique()}`,
  taxId: '12-3456789',
  contacts: [{ name: 'Accounts', email: 'ap@vendor.example', phone: '+1 555 0100' }],
  terms: { netDays: 30, discountPercent: '2', discountDays: 10 },
});

/** A bank account entered for a fresh vendor of A by its second admin, its notice sent: A's admin may approve it. */
async function pendingBankAccount(world: World): Promise<{ vendorId: string; accountId: string }> {
  const vendorId = await vendor(world);
  const body = {
    routingNumber: '021000021',
    accountNumber: '000123456789',
    accountType: 'checking',
    holderName: 'Vendor',
  };
  const { id } = await world.expectOk<{ id: string }>(
    world.a.admin2,
    'POST',
    `payables/vendors/${vendorId}/bank-accounts`,
    body,
  );
  await world.settled();
  return { vendorId, accountId: id };
}

const verification = {
  method: 'call-back',
  phone: '+1 555 0100',
  calledAt: new Date().toISOString(),
  notes: 'Confirmed',
};

async function vendor(world: World): Promise<string> {
  return (await world.expectOk<{ id: string }>(world.a.admin, 'POST', 'payables/vendors', vendorBody(world))).id;
}

async function billBody(world: World) {
  const { expense } = await accountsOf(world);
  return {
    vendorId: await vendor(world),
    billNumber: `INV-${world.unique()}`,
    billDate: world.today,
    currency: 'USD',
    lines: [{ accountId: expense, amount: '120.00', memo: 'Supplies' }],
    tax: '0',
  };
}

async function draftBill(world: World, by = world.a.admin2): Promise<string> {
  return (await world.expectOk<{ id: string }>(by, 'POST', 'payables/bills', await billBody(world))).id;
}

/** Drafted and submitted by A's second admin: A's admin may approve it. */
async function submittedBill(world: World): Promise<{ id: string; version: string }> {
  const id = await draftBill(world);
  return world.expectOk(world.a.admin2, 'POST', `payables/bills/${id}/submit`);
}

async function postedBill(world: World): Promise<string> {
  const { id, version } = await submittedBill(world);
  await world.expectOk(world.a.admin, 'POST', `payables/bills/${id}/approve`, { version });
  return id;
}

/** A posted credit of the posted bill's vendor, for applying to it. */
async function billAndCredit(world: World): Promise<{ billId: string; creditId: string }> {
  const billId = await postedBill(world);
  const { vendorId } = await world.expectOk<{ vendorId: string }>(world.a.admin, 'GET', `payables/bills/${billId}`);
  const { expense } = await accountsOf(world);
  const credit = await world.expectOk<{ id: string }>(world.a.admin2, 'POST', 'payables/bills', {
    kind: 'credit',
    vendorId,
    billNumber: `CM-${world.unique()}`,
    billDate: world.today,
    currency: 'USD',
    lines: [{ accountId: expense, amount: '30.00' }],
  });
  const { version } = await world.expectOk<{ version: string }>(
    world.a.admin2,
    'POST',
    `payables/bills/${credit.id}/submit`,
  );
  await world.expectOk(world.a.admin, 'POST', `payables/bills/${credit.id}/approve`, { version });
  return { billId, creditId: credit.id };
}

/** Vendors, bills and credits and their approval, payments, bank details, the aging and the payables settings. */
export const payablesCases: Record<string, RouteCase> = {
  'payables-settings-get': {
    request: () => ({}),
    restricted: { unaffected: 'the settings are the same for every member' },
  },
  'payables-settings-set': {
    // With B's token, A's account ids are unknown accounts in B (400).
    request: async (world) => ({ body: { apControlAccountId: (await accountsOf(world)).ap } }),
    restricted: outOfReach,
  },
  'payables-vendors-list': { request: () => ({ query: { pageSize: '5' } }), restricted: outOfReach },
  'payables-vendors-create': { request: (world) => ({ body: vendorBody(world) }), expect: 201, restricted: outOfReach },
  'payables-vendors-get': {
    request: onRecord(vendor),
    restricted: outOfReach,
  },
  'payables-vendors-update': {
    request: onRecord(vendor, { name: 'Renamed vendor' }),
    restricted: outOfReach,
  },
  'payables-vendors-delete': {
    request: onRecord(vendor),
    expect: 204,
    restricted: outOfReach,
  },
  'payables-bank-accounts-list': {
    request: async (world) => ({ params: { id: (await pendingBankAccount(world)).vendorId } }),
    restricted: outOfReach,
  },
  'payables-bank-accounts-request': {
    request: async (world) => ({
      params: { id: await vendor(world) },
      body: {
        routingNumber: '021000021',
        accountNumber: '000123456789',
        accountType: 'checking',
        holderName: 'Vendor',
      },
    }),
    expect: 201,
    restricted: outOfReach,
    // The notice it queued goes out in the background: not under the next case's snapshots.
    after: (probe) => probe.world.settled(),
  },
  'payables-bank-accounts-approve': {
    request: async (world) => {
      const { vendorId, accountId } = await pendingBankAccount(world);
      return { params: { id: vendorId, accountId }, body: { verification } };
    },
    restricted: outOfReach,
  },
  'payables-bank-accounts-purge': {
    request: async (world) => {
      const { vendorId, accountId } = await pendingBankAccount(world);
      return { params: { id: vendorId, accountId }, body: { reason: 'Entered for the wrong vendor' } };
    },
    restricted: outOfReach,
  },
  'payables-bills-apply-credit': {
    request: async (world) => {
      const { billId, creditId } = await billAndCredit(world);
      return { params: { id: billId }, body: { creditId, amount: '10.00', date: world.today } };
    },
    restricted: outOfReach,
  },
  'payables-aging': {
    request: (world) => ({ query: { asOf: world.today, buckets: '15,30,60' } }),
    // The restricted member's aging leaves out every untagged bill of A: proven in test/payables/aging.test.ts.
    restricted: { suite: 'test/payables/aging.test.ts' },
  },
  'payables-bills-list': { request: () => ({ query: { pageSize: '5' } }), restricted: outOfReach },
  'payables-bills-create': {
    // With B's token, A's vendor is not found in B (404).
    request: async (world) => ({ body: await billBody(world) }),
    expect: 201,
    restricted: outOfReach,
  },
  'payables-bills-get': {
    request: onRecord(draftBill),
    restricted: outOfReach,
  },
  'payables-bills-update': {
    request: async (world) => {
      const { vendorId: _vendor, ...changes } = await billBody(world);
      return { params: { id: await draftBill(world, world.a.admin) }, body: changes };
    },
    restricted: outOfReach,
  },
  'payables-bills-submit': {
    request: async (world) => ({ params: { id: await draftBill(world, world.a.admin) } }),
    restricted: outOfReach,
  },
  'payables-bills-approve': {
    request: async (world) => {
      const { id, version } = await submittedBill(world);
      return { params: { id }, body: { version } };
    },
    restricted: outOfReach,
  },
  'payables-bills-void': {
    request: onRecord(postedBill, (world: World) => ({ date: world.today, reason: 'Entered twice' })),
    restricted: outOfReach,
  },
  'payables-bills-record-payment': {
    request: async (world) => ({
      params: { id: await postedBill(world) },
      body: {
        paymentId: `cheque-${world.unique()}`,
        date: world.today,
        amount: '20.00',
        cashAccountId: world.a.accounts.cash,
      },
    }),
    restricted: outOfReach,
  },
};
