import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../shared/platform/errors';
import { arAging } from '../../shared/receivables/aging';
import { applyCredit, refundCredit } from '../../shared/receivables/credit-actions';
import { issueCreditNote } from '../../shared/receivables/credit-notes';
import { issueInvoice } from '../../shared/receivables/invoice-issue';
import { voidInvoice } from '../../shared/receivables/invoice-void';
import { getInvoice } from '../../shared/receivables/invoices';
import { getReceipt, recordReceipt } from '../../shared/receivables/receipts';
import type { ReceivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { openReceivablesBooks, receivablesDependencies } from './receivables-books';

describe('receipts, credit notes and AR aging against the emulators', () => {
  let deps: ReceivablesDependencies;
  beforeAll(async () => {
    deps = await receivablesDependencies();
  });

  it('applies a receipt partially and fully, keeps the overpayment as unapplied credit, applies it later and refunds the rest', async () => {
    const books = await openReceivablesBooks(deps);
    const customer = await books.customer();
    const first = await issueInvoice(deps, books.context, await books.draft(customer));
    const second = await issueInvoice(deps, books.context, await books.draft(customer));
    const partial = await recordReceipt(deps, books.context, {
      customerId: customer,
      date: '2026-02-15',
      amount: '20.00',
      applications: [{ invoiceId: first.id, amount: '20.00' }],
    });
    expect(partial).toMatchObject({ applied: '20.00', unapplied: '0.00' });
    expect((await getInvoice(deps, books.context, first.id)).open).toBe('38.50');
    const over = await recordReceipt(deps, books.context, {
      customerId: customer,
      date: '2026-02-20',
      amount: '100.00',
      applications: [{ invoiceId: first.id, amount: '38.50' }],
    });
    expect(over).toMatchObject({ applied: '38.50', unapplied: '61.50' });
    expect((await getInvoice(deps, books.context, first.id)).open).toBe('0.00');
    expect(await books.balance(books.accounts.ar)).toBe('-3.00');
    expect(await books.balance(books.accounts.cash)).toBe('120.00');
    await applyCredit(deps, books.context, {
      source: 'receipt',
      sourceId: over.id,
      date: '2026-02-25',
      applications: [{ invoiceId: second.id, amount: '50.00' }],
    });
    expect((await getInvoice(deps, books.context, second.id)).open).toBe('8.50');
    await refundCredit(deps, books.context, 'receipt', over.id, { date: '2026-02-26', amount: '11.50' });
    expect(await getReceipt(deps, books.context, over.id)).toMatchObject({ unapplied: '0.00', refunded: '11.50' });
    expect(await books.balance(books.accounts.ar)).toBe('8.50');
    expect(await books.balance(books.accounts.cash)).toBe('108.50');
    await expect(
      refundCredit(deps, books.context, 'receipt', over.id, { date: '2026-02-27', amount: '0.01' }),
    ).rejects.toThrow(ConflictError);
    await expect(
      recordReceipt(deps, books.context, {
        customerId: customer,
        date: '2026-02-27',
        amount: '100.00',
        applications: [{ invoiceId: second.id, amount: '8.51' }],
      }),
    ).rejects.toThrow(ValidationError);
    await expect(voidInvoice(deps, books.context, second.id, { date: '2026-02-28', reason: 'x' })).rejects.toThrow(
      ConflictError,
    );
  });

  it('a credit note reverses revenue and tax, settles its invoice first and leaves the rest as credit', async () => {
    const books = await openReceivablesBooks(deps);
    const customer = await books.customer();
    const invoice = await issueInvoice(deps, books.context, await books.draft(customer));
    const note = await issueCreditNote(deps, books.context, {
      customerId: customer,
      date: '2026-02-12',
      invoiceId: invoice.id,
      reason: 'Damaged widgets',
      lines: [
        {
          description: 'Widgets',
          quantity: '7',
          unitPrice: '10.00',
          revenueAccountId: books.accounts.sales,
          taxRate: '10',
        },
      ],
    });
    expect(note).toMatchObject({
      subtotal: '70.00',
      tax: '7.00',
      total: '77.00',
      applied: '58.50',
      unapplied: '18.50',
    });
    expect(await books.balance(books.accounts.sales)).toBe('40.00');
    expect(await books.balance(books.accounts.tax)).toBe('4.00');
    expect(await books.balance(books.accounts.ar)).toBe('-18.50');
    expect((await getInvoice(deps, books.context, invoice.id)).open).toBe('0.00');
  });

  it('ages open invoices by days past due as of any date, nets unapplied credit, and hides other facilities', async () => {
    const books = await openReceivablesBooks(deps);
    const customer = await books.customer({ name: 'Aged Co', paymentTerms: 'due-on-receipt' });
    const other = await books.customer({ name: 'Elsewhere', facility: 'F2' });
    for (const issueDate of ['2026-01-10', '2026-02-20', '2026-03-25', '2026-04-20', '2026-05-10'])
      await issueInvoice(deps, books.context, await books.draft(customer, { issueDate }));
    await issueInvoice(deps, books.context, await books.draft(other, { issueDate: '2026-05-01' }));
    await recordReceipt(deps, books.context, {
      customerId: customer,
      date: '2026-05-10',
      amount: '10.00',
      applications: [],
    });
    const aging = await arAging(deps, books.context, '2026-05-10');
    expect(aging.customers.find((c) => c.name === 'Aged Co')).toMatchObject({
      current: '58.50',
      days1to30: '58.50',
      days61to90: '58.50',
      days31to60: '58.50',
      over90: '58.50',
      open: '292.50',
      unappliedCredit: '10.00',
      balance: '282.50',
    });
    expect(aging.totals.balance).toBe('341.00');
    expect(await books.balance(books.accounts.ar, '2026-05-10')).toBe('341.00');
    const earlier = await arAging(deps, books.context, '2026-02-20');
    expect(earlier.totals).toMatchObject({ current: '58.50', days31to60: '58.50', balance: '117.00' });
    const restricted = { ...books.context, restrictions: { facilities: ['F1'] } };
    expect((await arAging(deps, restricted, '2026-05-10')).customers).toEqual([]);
  });
});
