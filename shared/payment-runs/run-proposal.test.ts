import { describe, expect, it } from 'vitest';
import type { RunBill, RunVendor } from './payables-port';
import { discountFor, maxBillsPerPayment, propose } from './run-proposal';

const bill = (id: number, open: bigint, extra: Partial<RunBill> = {}): RunBill => ({
  billId: `bill-${id}`,
  vendorId: 'vendor-1',
  billNumber: `B${id}`,
  billDate: '2026-11-01',
  dueDate: '2026-11-30',
  currency: 'USD',
  openMinor: open,
  discountBasisPoints: null,
  discountUntil: null,
  ...extra,
});
const vendors = new Map<string, RunVendor>([
  ['vendor-1', { vendorId: 'vendor-1', name: 'One', individual: false, remittanceEmail: null }],
  ['vendor-2', { vendorId: 'vendor-2', name: 'Two', individual: true, remittanceEmail: null }],
]);

describe('the proposal', () => {
  it('makes one payment per vendor, oldest due first', () => {
    const proposal = propose([bill(1, 100n), bill(2, 200n, { vendorId: 'vendor-2' }), bill(3, 300n)], vendors, {
      payDate: '2026-11-27',
      maxTotalMinor: null,
      discountsAllowed: true,
    });
    expect(proposal.payments.map((p) => [p.vendorId, p.bills.map((b) => b.billId)])).toEqual([
      ['vendor-1', ['bill-1', 'bill-3']],
      ['vendor-2', ['bill-2']],
    ]);
    expect(proposal.totalMinor).toBe(600n);
  });

  it('takes the early-payment discount only inside its window, rounded down, and only with a discount account', () => {
    const discounted = bill(1, 10_001n, { discountBasisPoints: 200, discountUntil: '2026-11-27' });
    expect(discountFor(discounted, '2026-11-27', true)).toBe(200n);
    expect(discountFor(discounted, '2026-11-28', true)).toBe(0n);
    expect(discountFor(discounted, '2026-11-27', false)).toBe(0n);
    const proposal = propose([discounted], vendors, {
      payDate: '2026-11-26',
      maxTotalMinor: null,
      discountsAllowed: true,
    });
    expect(proposal.payments[0]?.bills[0]).toMatchObject({ amountMinor: '9801', discountMinor: '200' });
  });

  it('stops adding bills past the maximum total, and past what one payment holds, counting those deferred', () => {
    const capped = propose([bill(1, 500n), bill(2, 600n), bill(3, 400n)], vendors, {
      payDate: '2026-11-27',
      maxTotalMinor: 1_000n,
      discountsAllowed: true,
    });
    expect(capped.payments[0]?.bills.map((b) => b.billId)).toEqual(['bill-1', 'bill-3']);
    const many = Array.from({ length: maxBillsPerPayment + 5 }, (_, i) => bill(i, 1n));
    const full = propose(many, vendors, { payDate: '2026-11-27', maxTotalMinor: null, discountsAllowed: true });
    expect(full.payments[0]?.bills).toHaveLength(maxBillsPerPayment);
    expect(full.deferredBills).toBe(5);
    expect(capped.deferredBills).toBe(0);
  });
});
