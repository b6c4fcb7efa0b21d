import type { RouteCase } from '../route-case';
import type { World } from '../world';

/** Facility and division restrictions are proven route by route in their own suite. */
const restricted = { suite: 'test/e2e/ledger-restrictions.test.ts' };
const reportDates = (world: World) => ({ from: `${world.today.slice(0, 4)}-01-01`, to: world.today });

/** Chart of accounts, journal entries, ledger settings, periods and reports. */
export const ledgerCases: Record<string, RouteCase> = {
  'ledger-accounts-list': { request: () => ({ query: { includeInactive: 'true' } }), restricted },
  'ledger-accounts-create': {
    request: (world) => ({ body: { code: `8${String(world.unique()).padStart(3, '0')}`, name: 'New', type: 'asset' } }),
    expect: 201,
    restricted,
  },
  'ledger-accounts-get': { request: (world) => ({ params: { id: world.a.accounts.cash } }), restricted },
  'ledger-accounts-update': {
    request: async (world) => ({ params: { id: await world.account() }, body: { name: 'Renamed' } }),
    restricted,
  },
  'ledger-accounts-delete': {
    request: async (world) => ({ params: { id: await world.account() } }),
    expect: 204,
    restricted,
  },

  'ledger-journal-entries-list': { request: () => ({ query: { pageSize: '5' } }), restricted },
  'ledger-journal-entries-create': {
    // With B's token, A's account ids in the body must be unknown accounts, not A's.
    request: (world) => ({ body: world.entryBody() }),
    expect: 201,
    restricted,
  },
  'ledger-journal-entries-create-and-post': {
    // With B's token, A's account ids in the body are unknown accounts in B (400), never A's.
    request: (world) => ({ body: world.entryBody(), headers: { 'idempotency-key': `create-post-${world.unique()}` } }),
    expect: 201,
    restricted,
  },
  'ledger-journal-entries-import': {
    // Lines name accounts by code; with B's token the same codes are B's own accounts.
    request: (world) => ({
      body: {
        entries: [
          {
            date: world.today,
            memo: 'Imported',
            lines: [
              { account: '1000', side: 'debit', amount: '5.00' },
              { account: '4000', side: 'credit', amount: '5.00' },
            ],
          },
        ],
      },
      headers: { 'idempotency-key': `import-${world.unique()}` },
    }),
    expect: 201,
    restricted,
  },
  'ledger-journal-entries-get': {
    request: async (world) => ({ params: { id: await world.postedEntry() } }),
    restricted,
  },
  'ledger-journal-entries-update': {
    request: async (world) => ({ params: { id: await world.draft() }, body: { ...world.entryBody(), memo: 'Edited' } }),
    restricted,
  },
  'ledger-journal-entries-post': { request: async (world) => ({ params: { id: await world.draft() } }), restricted },
  'ledger-journal-entries-reverse': {
    request: async (world) => ({ params: { id: await world.postedEntry() }, body: { date: world.today } }),
    expect: 201,
    restricted,
  },
  'ledger-journal-entries-submit': {
    request: async (world) => ({ params: { id: await world.draft() } }),
    restricted,
  },
  'ledger-journal-entries-approve': {
    // Nobody approves a draft they wrote: a second admin drafts and submits, A's admin approves what it reviewed.
    request: async (world) => {
      const { id, version } = await world.submittedDraft();
      return { params: { id }, body: { version } };
    },
    restricted,
  },

  'ledger-settings-dual-control': { request: () => ({ body: { enabled: false } }), restricted },
  'ledger-settings-dual-control-approve': {
    // The second admin asks to turn dual control off; A's admin approves (it is off again after).
    request: async (world) => {
      await world.expectOk(world.a.admin, 'PUT', 'ledger/settings/dual-control', { enabled: true });
      await world.expectOk(world.a.admin2, 'PUT', 'ledger/settings/dual-control', { enabled: false });
      return {};
    },
    otherOrganisation: 'own-data',
    restricted,
  },
  'ledger-settings-retained-earnings': {
    request: (world) => ({ body: { accountId: world.a.accounts.equity } }),
    restricted,
  },

  'ledger-periods-list': { request: () => ({}), restricted },
  'ledger-periods-close': {
    request: async (world) => ({ params: { month: await world.nextMonthToClose() } }),
    otherOrganisation: 'own-data',
    restricted,
    // The close starts its period reports in the background: let them be stored first.
    after: (probe) => probe.world.settled(),
  },
  'ledger-periods-lock': {
    request: async (world) => ({ params: { month: await world.closeNextMonth() } }),
    otherOrganisation: 'own-data',
    restricted,
  },
  'ledger-periods-reopen': {
    // Dual control is off in A, so the latest closed month reopens at once.
    request: async (world) => ({ params: { month: await world.closeNextMonth() } }),
    otherOrganisation: 'own-data',
    restricted,
  },
  'ledger-periods-reopen-approve': {
    // A second admin asks (under dual control); A's admin approves.
    request: async (world) => {
      const month = await world.closeNextMonth();
      await world.setDualControl(true);
      await world.expectOk(world.a.admin2, 'POST', `ledger/periods/${month}/reopen`);
      await world.setDualControl(false);
      return { params: { month } };
    },
    otherOrganisation: 'own-data',
    restricted,
  },

  'ledger-reports-trial-balance': { request: (world) => ({ query: { asOf: world.today } }), restricted },
  'ledger-reports-income-statement': { request: (world) => ({ query: reportDates(world) }), restricted },
  'ledger-reports-balance-sheet': {
    request: (world) => ({ query: { asOf: world.today, format: 'csv' } }),
    restricted,
  },
  'ledger-reports-account-detail': {
    request: (world) => ({ params: { id: world.a.accounts.cash }, query: reportDates(world) }),
    restricted,
  },
};
