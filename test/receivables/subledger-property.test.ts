import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatAmount } from '../../shared/ledger/money';
import { arPosition } from '../../shared/receivables/ar-position';
import { applyCredit, refundCredit } from '../../shared/receivables/credit-actions';
import { getCreditNote, issueCreditNote } from '../../shared/receivables/credit-notes';
import { issueInvoice } from '../../shared/receivables/invoice-issue';
import { voidInvoice } from '../../shared/receivables/invoice-void';
import { getInvoice } from '../../shared/receivables/invoices';
import { getReceipt, recordReceipt } from '../../shared/receivables/receipts';
import type { ReceivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { openReceivablesBooks, receivablesDependencies } from './receivables-books';

const day = fc
  .integer({ min: 1, max: 28 })
  .chain((d) => fc.integer({ min: 2, max: 4 }).map((m) => `2026-0${m}-${String(d).padStart(2, '0')}`));
const cents = fc.integer({ min: 1, max: 20_000 });
const operation = fc.oneof(
  fc.record({
    kind: fc.constant('invoice' as const),
    date: day,
    quantity: fc.integer({ min: 1, max: 5 }),
    price: cents,
  }),
  fc.record({
    kind: fc.constant('receipt' as const),
    date: day,
    amount: cents,
    pick: fc.nat(),
    share: fc.double({ min: 0, max: 1.2, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('credit-note' as const),
    date: day,
    amount: cents,
    pick: fc.nat(),
    against: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('void' as const), date: day, pick: fc.nat() }),
  fc.record({ kind: fc.constant('apply' as const), date: day, pick: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('refund' as const), date: day, pick: fc.nat() }),
);
const later = (a: string, b: string) => (a > b ? a : b);
const money = (minor: number | bigint) => formatAmount(BigInt(minor), 'USD');

describe('the AR subledger equals the AR control account', () => {
  let deps: ReceivablesDependencies;
  beforeAll(async () => {
    deps = await receivablesDependencies();
  });

  it('open invoices minus unapplied credits equal the control account as of any date, over random invoices, receipts, credits, applications, refunds and voids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 4, maxLength: 10 }),
        fc.array(day, { minLength: 2, maxLength: 4 }),
        async (ops, checkDates) => {
          const books = await openReceivablesBooks(deps);
          const customer = await books.customer({ paymentTerms: 'net-15' });
          const invoices: Array<{ id: string; date: string }> = [];
          const credits: Array<{ source: 'receipt' | 'credit-note'; id: string; date: string }> = [];
          const dates = new Set(checkDates);
          const open = async (pick: number) => {
            const candidates = [];
            for (const invoice of invoices) {
              const view = await getInvoice(deps, books.context, invoice.id);
              if (view.status === 'issued' && view.open !== '0.00') candidates.push({ ...invoice, view });
            }
            return candidates.length > 0 ? candidates[pick % candidates.length] : undefined;
          };
          for (const op of ops) {
            if (op.kind === 'invoice') {
              const id = await books.draft(customer, {
                issueDate: op.date,
                lines: [
                  {
                    description: 'Goods',
                    quantity: String(op.quantity),
                    unitPrice: money(op.price),
                    revenueAccountId: books.accounts.sales,
                    taxRate: '8.25',
                  },
                ],
              });
              await issueInvoice(deps, books.context, id);
              invoices.push({ id, date: op.date });
              dates.add(op.date);
            } else if (op.kind === 'receipt' || op.kind === 'credit-note') {
              const target = await open(op.pick);
              const date = target ? later(op.date, target.date) : op.date;
              if (op.kind === 'receipt') {
                const apply = target
                  ? BigInt(
                      Math.min(
                        Math.floor(op.amount * Math.min(op.share, 1)),
                        Number(target.view.open.replace('.', '')),
                      ),
                    )
                  : 0n;
                const receipt = await recordReceipt(deps, books.context, {
                  customerId: customer,
                  date,
                  amount: money(op.amount),
                  applications: target && apply > 0n ? [{ invoiceId: target.id, amount: money(apply) }] : [],
                });
                credits.push({ source: 'receipt', id: receipt.id, date });
              } else {
                const note = await issueCreditNote(deps, books.context, {
                  customerId: customer,
                  date,
                  ...(target && op.against ? { invoiceId: target.id } : {}),
                  reason: 'Correction',
                  lines: [
                    {
                      description: 'Goods',
                      quantity: '1',
                      unitPrice: money(op.amount),
                      revenueAccountId: books.accounts.sales,
                      taxRate: '8.25',
                    },
                  ],
                });
                credits.push({ source: 'credit-note', id: note.id, date });
              }
              dates.add(date);
            } else if (op.kind === 'void') {
              const target = await open(op.pick);
              if (!target || target.view.paid !== '0.00') continue;
              const date = later(op.date, target.date);
              await voidInvoice(deps, books.context, target.id, { date, reason: 'Random void' });
              dates.add(date);
            } else if (credits.length > 0) {
              const credit = credits[op.pick % credits.length]!;
              const unapplied = (await getReceiptOrNote(credit)).unapplied;
              if (unapplied === '0.00') continue;
              if (op.kind === 'refund') {
                const date = later(op.date, credit.date);
                await refundCredit(deps, books.context, credit.source, credit.id, { date, amount: unapplied });
                dates.add(date);
              } else {
                const target = await open(op.other);
                if (!target) continue;
                const amount = BigInt(
                  Math.min(Number(unapplied.replace('.', '')), Number(target.view.open.replace('.', ''))),
                );
                const date = later(later(op.date, credit.date), target.date);
                await applyCredit(deps, books.context, {
                  source: credit.source,
                  sourceId: credit.id,
                  date,
                  applications: [{ invoiceId: target.id, amount: money(amount) }],
                });
                dates.add(date);
              }
            }
          }
          async function getReceiptOrNote(credit: { source: 'receipt' | 'credit-note'; id: string }) {
            if (credit.source === 'receipt') return getReceipt(deps, books.context, credit.id);
            return getCreditNote(deps, books.context, credit.id);
          }
          const store = deps.storeFor(books.context);
          for (const date of dates) {
            const position = await arPosition(store, date);
            const subledger =
              position.invoices.reduce((sum, i) => sum + i.openMinor, 0n) -
              position.credits.reduce((sum, c) => sum + c.unappliedMinor, 0n);
            expect(money(subledger), `as of ${date}`).toBe(await books.balance(books.accounts.ar, date));
          }
        },
      ),
      { numRuns: 8 },
    );
  }, 240_000);
});
