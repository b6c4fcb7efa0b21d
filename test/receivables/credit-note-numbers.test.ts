import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/platform/errors';
import { refundCredit } from '../../shared/receivables/credit-actions';
import { issueCreditNote, listCreditNotes } from '../../shared/receivables/credit-notes';
import { issueInvoice } from '../../shared/receivables/invoice-issue';
import type { ReceivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { customerStatement } from '../../shared/receivables/statement-views';
import { openReceivablesBooks, receivablesDependencies, type ReceivablesBooks } from './receivables-books';

describe('credit-note numbers', () => {
  let deps: ReceivablesDependencies;
  beforeAll(async () => {
    deps = await receivablesDependencies();
  });

  const note = (books: ReceivablesBooks, customerId: string, unitPrice = '10.00', date = '2026-02-12') =>
    issueCreditNote(deps, books.context, {
      customerId,
      date,
      reason: 'Goodwill',
      lines: [
        { description: 'Goodwill', quantity: '1', unitPrice, revenueAccountId: books.accounts.sales, taxRate: '0' },
      ],
    });

  it('concurrent issues get CN-000001..CN-000012 without gap or repeat, apart from invoice numbers; a refused one takes none', async () => {
    const books = await openReceivablesBooks(deps);
    const customers = await Promise.all([books.customer(), books.customer({ name: 'Fabrikam' })]);
    const drafts = await Promise.all(customers.map((customer) => books.draft(customer)));
    const [notes, invoices] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, (_, i) => note(books, customers[i % 2]!))),
      Promise.all(drafts.map((draft) => issueInvoice(deps, books.context, draft))),
    ]);
    const expected = Array.from({ length: 12 }, (_, i) => `CN-${String(i + 1).padStart(6, '0')}`);
    expect(notes.map((n) => n.number).sort()).toEqual(expected);
    expect(invoices.map((i) => i.number).sort()).toEqual([1, 2]);

    await expect(note(books, customers[0], '0.00')).rejects.toThrow(ValidationError);
    expect((await note(books, customers[1])).number).toBe('CN-000013');
    const listed = await listCreditNotes(deps, books.context, customers[1]);
    const theirs = notes.filter((n) => n.customerId === customers[1]).map((n) => n.number);
    expect(listed.map((n) => n.number).sort()).toEqual([...theirs, 'CN-000013'].sort());
  });

  it("shows the number on the customer's statement, for the note and for its refund", async () => {
    const books = await openReceivablesBooks(deps);
    const customer = await books.customer();
    await note(books, customer);
    const second = await note(books, customer, '5.00', '2026-02-15');
    await refundCredit(deps, books.context, 'credit-note', second.id, { date: '2026-02-20', amount: '5.00' });
    const statement = await customerStatement(deps, books.context, customer, { from: '2026-02-01', to: '2026-02-28' });
    expect(statement.activity.map((a) => [a.kind, a.reference, a.credits])).toEqual([
      ['Credit note', 'CN-000001', '10.00'],
      ['Credit note', 'CN-000002', '5.00'],
      ['Credit note', 'Refund of CN-000002', '0.00'],
    ]);
    expect(second.number).toBe('CN-000002');
  });
});
