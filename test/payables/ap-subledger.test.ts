import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../shared/ledger/accounts';
import { trialBalance } from '../../shared/ledger/trial-balance';
import { apAging } from '../../shared/payables/ap-aging';
import { approveBill, voidBill } from '../../shared/payables/bill-approval';
import { recordBillPayment } from '../../shared/payables/manual-payments';
import { createBill, getBill, submitBill } from '../../shared/payables/bills';
import { withPayablesStore, type BankAccountDependencies } from '../../shared/payables/payables-dependencies';
import { setPayablesSettings } from '../../shared/payables/payables-settings';
import { applyVendorCredit } from '../../shared/payables/vendor-credits';
import { createVendor } from '../../shared/payables/vendors';
import { formatAmount } from '../../shared/ledger/money';
import type { TenantContext } from '../../shared/platform/actor';
import { randomIds, systemClock } from '../../shared/platform/clock';
import { createFieldCrypto } from '../../shared/platform/crypto/field-crypto';
import { createKeyedFingerprints } from '../../shared/platform/crypto/keyed-fingerprint';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import type { Logger } from '../../shared/platform/telemetry/logger';
import { createTestDatabase } from '../harness/cosmos';
import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';

const key = () => ({ primary: 'k', keys: { k: Buffer.alloc(32, 7) } });
const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

/** One step of a random history; indexes pick among the bills or credits posted so far. */
const step = fc.oneof(
  fc.record({
    op: fc.constant('bill' as const),
    vendor: fc.nat(1),
    day: fc.integer({ min: 1, max: 28 }),
    cents: fc.integer({ min: 1, max: 90_000 }),
    tax: fc.integer({ min: 0, max: 900 }),
    approve: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('credit' as const),
    vendor: fc.nat(1),
    day: fc.integer({ min: 1, max: 28 }),
    cents: fc.integer({ min: 1, max: 30_000 }),
  }),
  fc.record({
    op: fc.constant('pay' as const),
    pick: fc.nat(),
    percent: fc.integer({ min: 1, max: 100 }),
    later: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({
    op: fc.constant('apply' as const),
    pick: fc.nat(),
    credit: fc.nat(),
    percent: fc.integer({ min: 1, max: 100 }),
    later: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({ op: fc.constant('void' as const), pick: fc.nat(), later: fc.integer({ min: 0, max: 40 }) }),
);

const march = (day: number) => `2026-03-${String(day).padStart(2, '0')}`;
const after = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

describe('the AP subledger against the AP control account', () => {
  let deps: BankAccountDependencies;
  beforeAll(async () => {
    const db = await createTestDatabase();
    deps = withPayablesStore({
      container: db.containers.tenantData,
      clock: systemClock,
      ids: randomIds,
      fieldCrypto: createFieldCrypto({ general: key(), sensitive: key() }),
      fingerprints: createKeyedFingerprints(key()),
      queues: { send: async () => {} },
      logger: silent,
    });
  });

  async function newBooks() {
    const tenantId = `org-${randomUUID().slice(0, 8)}`;
    const as = (id: string): TenantContext => ({ tenantId, actor: { id, kind: 'member' }, restrictions: {} });
    const [alice, bob] = [as('alice'), as('bob')];
    await new TenantRepository(deps.container, alice).create('organization', tenantId, {
      slug: tenantId,
      name: tenantId,
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
    });
    const account = async (code: string, type: 'asset' | 'liability' | 'expense') =>
      (await createAccount(ledgerDependencies(deps), alice, { code, name: code, type })).id;
    const accounts = {
      cash: await account('1000', 'asset'),
      ap: await account('2000', 'liability'),
      tax: await account('1400', 'asset'),
      expense: await account('6000', 'expense'),
    };
    await setPayablesSettings(deps, alice, {
      apControlAccountId: accounts.ap,
      purchaseTaxAccountId: accounts.tax,
      bankChangeCoolingOffHours: 48,
    });
    const vendors = [
      (await createVendor(deps, alice, { name: 'Paper', individual: false, contacts: [], terms: { netDays: 10 } })).id,
      (await createVendor(deps, alice, { name: 'Ink', individual: false, contacts: [], terms: { netDays: 45 } })).id,
    ];
    return { alice, bob, accounts, vendors };
  }

  it('the open bills less open credits equal the AP control balance on every date, whatever is entered, approved, paid, credited or voided', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 14 }), async (steps) => {
        const { alice, bob, accounts, vendors } = await newBooks();
        const bills: string[] = [];
        const credits: string[] = [];
        const dates = new Set(['2026-02-28', '2026-06-30']);
        const open = async (id: string) => getBill(deps, alice, id);
        const minor = (amount: string) => BigInt(amount.replace('.', ''));
        for (const s of steps) {
          if (s.op === 'bill' || s.op === 'credit') {
            const draft = await createBill(deps, alice, {
              kind: s.op,
              vendorId: vendors[s.vendor]!,
              billNumber: `N-${randomUUID().slice(0, 6)}`,
              billDate: march(s.day),
              currency: 'USD',
              lines: [{ accountId: accounts.expense, amount: formatAmount(BigInt(s.cents), 'USD') }],
              tax: s.op === 'bill' ? formatAmount(BigInt(s.tax), 'USD') : '0',
            });
            dates.add(march(s.day));
            if (s.op === 'bill' && !s.approve) continue;
            await submitBill(deps, alice, draft.id);
            await approveBill(deps, bob, draft.id, draft.version);
            (s.op === 'bill' ? bills : credits).push(draft.id);
          } else if (bills.length > 0) {
            const bill = await open(bills[s.pick % bills.length]!);
            if (bill.status === 'void' || bill.status === 'paid') continue;
            const date = after(bill.billDate, s.later);
            dates.add(date);
            if (s.op === 'pay') {
              const amount = (minor(bill.open) * BigInt(s.percent)) / 100n || 1n;
              await recordBillPayment(deps, alice, bill.id, {
                paymentId: randomUUID(),
                date,
                amount: formatAmount(amount, 'USD'),
                discount: '0',
                cashAccountId: accounts.cash,
              });
            } else if (s.op === 'apply' && credits.length > 0) {
              const credit = await open(credits[s.credit % credits.length]!);
              if (credit.status === 'void' || credit.vendorId !== bill.vendorId) continue;
              const most = minor(bill.open) < minor(credit.open) ? minor(bill.open) : minor(credit.open);
              const amount = (most * BigInt(s.percent)) / 100n;
              if (amount === 0n) continue;
              const latest = credit.billDate > bill.billDate ? credit.billDate : bill.billDate;
              await applyVendorCredit(deps, alice, bill.id, {
                creditId: credit.id,
                amount: formatAmount(amount, 'USD'),
                date: after(latest, s.later),
              });
              dates.add(after(latest, s.later));
            } else if (s.op === 'void' && bill.paid === '0.00' && bill.credited === '0.00') {
              await voidBill(deps, alice, bill.id, { date, reason: 'property test' });
            }
          }
        }
        for (const asOf of [...dates].sort()) {
          const aging = await apAging(deps, alice, { asOf, buckets: [30, 60, 90], format: 'json' });
          const balance = await trialBalance(ledgerDependencies(deps), alice, asOf, {});
          const row = balance.rows.find((r) => r.accountId === accounts.ap);
          const control = row ? minor(row.credit) - minor(row.debit) : 0n;
          expect(minor(aging.totals.total), `on ${asOf}`).toBe(control);
          const byVendor = aging.vendors.reduce((sum, v) => sum + minor(v.total), 0n);
          expect(byVendor).toBe(minor(aging.totals.total));
        }
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});
