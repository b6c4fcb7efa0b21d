import { extractText } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { journalEntryType, type JournalEntry } from '../../shared/ledger/journal-entry';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { readDocumentContent } from '../../shared/platform/documents/document-reads';
import type { EmailPayload } from '../../shared/platform/email/email-message';
import { stageSuppression } from '../../shared/platform/email/email-suppression';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/platform/errors';
import { outboxType, type OutboxRecord } from '../../shared/platform/outbox/outbox-record';
import { deleteCustomer, getCustomer } from '../../shared/receivables/customers';
import { issueInvoice } from '../../shared/receivables/invoice-issue';
import { voidInvoice } from '../../shared/receivables/invoice-void';
import { createInvoice, getInvoice, listInvoices, updateInvoice } from '../../shared/receivables/invoices';
import type { ReceivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { openReceivablesBooks, receivablesDependencies, type ReceivablesBooks } from './receivables-books';

describe('invoices against the emulators', () => {
  let deps: ReceivablesDependencies;
  let books: ReceivablesBooks;
  beforeAll(async () => {
    deps = await receivablesDependencies();
    books = await openReceivablesBooks(deps);
  });
  const repository = () => new TenantRepository(deps.container, books.context);

  it('prices lines per line, half to even, and totals the rounded lines', async () => {
    const customer = await books.customer();
    const id = await books.draft(customer, {
      lines: [
        {
          description: 'Half cent down',
          quantity: '0.5',
          unitPrice: '0.05',
          revenueAccountId: books.accounts.sales,
          taxRate: '10',
        },
        {
          description: 'Half cent up',
          quantity: '0.5',
          unitPrice: '0.07',
          revenueAccountId: books.accounts.sales,
          taxRate: '0',
        },
      ],
    });
    const invoice = await getInvoice(deps, books.context, id);
    expect(invoice.lines.map((l) => [l.amount, l.tax])).toEqual([
      ['0.02', '0.00'],
      ['0.04', '0.00'],
    ]);
    expect([invoice.subtotal, invoice.tax, invoice.total, invoice.dueDate]).toEqual([
      '0.06',
      '0.00',
      '0.06',
      '2026-03-12',
    ]);
  });

  it('issuing posts AR against revenue and sales tax, numbers the invoice, stores its PDF and queues one email', async () => {
    const customer = await books.customer({ name: 'Fabrikam Inc', billingEmails: ['billing@fabrikam.example'] });
    const id = await books.draft(customer);
    const issued = await issueInvoice(deps, books.context, id);
    expect(issued).toMatchObject({ status: 'issued', subtotal: '55.50', tax: '3.00', total: '58.50', open: '58.50' });
    expect(issued.number).toBeGreaterThan(0);
    const entry = await repository().get<JournalEntry>(journalEntryType, issued.journalEntryId!);
    expect(entry.lines.map((l) => [l.accountId, l.side, l.amountMinor])).toEqual([
      [books.accounts.ar, 'debit', '5850'],
      [books.accounts.sales, 'credit', '3000'],
      [books.accounts.services, 'credit', '2550'],
      [books.accounts.tax, 'credit', '300'],
    ]);
    const { bytes } = await readDocumentContent(deps, books.context, 'invoice', issued.documentId!);
    const { text } = await extractText(new Uint8Array(bytes), { mergePages: true });
    for (const expected of [
      `Invoice ${issued.number}`,
      'Fabrikam Inc',
      'Widgets',
      'Setup',
      '30.00',
      '25.50',
      '55.50',
      '3.00',
      '58.50',
    ])
      expect(text).toContain(expected);
    const email = await repository().get<OutboxRecord<EmailPayload>>(outboxType, `outbox-${id}-email`);
    expect(email.payload).toMatchObject({ to: ['billing@fabrikam.example'], purpose: 'invoice-issued' });
    expect(email.payload.attachments).toEqual([
      expect.objectContaining({ documentId: issued.documentId, kind: 'invoice' }),
    ]);
    // Issuing again changes nothing: no second number, entry or email.
    expect(await issueInvoice(deps, books.context, id)).toEqual(issued);
    await expect(
      updateInvoice(deps, books.context, id, { customerId: customer, issueDate: '2026-02-10', lines: [] as never }),
    ).rejects.toThrow();
  });

  it('numbers 25 concurrently issued invoices gap-free, 1 to 25', async () => {
    const fresh = await openReceivablesBooks(deps);
    const customer = await fresh.customer();
    const drafts = await Promise.all(Array.from({ length: 25 }, () => fresh.draft(customer)));
    const issued = await Promise.all(drafts.map((id) => issueInvoice(deps, fresh.context, id)));
    expect(issued.map((i) => i.number).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await fresh.balance(fresh.accounts.ar)).toBe('1462.50');
  });

  it('skips a suppressed billing contact and says so on the invoice', async () => {
    const customer = await books.customer({ billingEmails: ['gone@contoso.example', 'ok@contoso.example'] });
    const transaction = repository().transaction();
    await stageSuppression(repository(), transaction, {
      address: 'gone@contoso.example',
      reason: 'HardBounce',
      bounceId: 1,
      bouncedAt: new Date().toISOString(),
      postmarkMessageId: 'm-1',
      outboxId: 'outbox-x',
    });
    await transaction.commit();
    const issued = await issueInvoice(deps, books.context, await books.draft(customer));
    expect([issued.emailedTo, issued.emailSkipped]).toEqual([['ok@contoso.example'], ['gone@contoso.example']]);
  });

  it('voids by a reversing entry linked to the original, audited with the reason; the number stays used', async () => {
    const fresh = await openReceivablesBooks(deps);
    const customer = await fresh.customer();
    const issued = await issueInvoice(deps, fresh.context, await fresh.draft(customer));
    expect(await fresh.balance(fresh.accounts.ar)).toBe('58.50');
    const voided = await voidInvoice(deps, fresh.context, issued.id, { date: '2026-02-20', reason: 'Wrong customer' });
    expect(voided).toMatchObject({ status: 'void', number: issued.number, open: '0.00' });
    const reversal = await new TenantRepository(deps.container, fresh.context).get<JournalEntry>(
      journalEntryType,
      voided.voidEntryId!,
    );
    expect(reversal.reversalOf).toBe(issued.journalEntryId);
    expect(await fresh.balance(fresh.accounts.ar)).toBe('0.00');
    expect(await fresh.balance(fresh.accounts.ar, '2026-02-15')).toBe('58.50');
    const audit = await new TenantRepository(deps.container, fresh.context).queryAll<AuditRecord>(auditRecordType, {
      where: "c.action = 'receivables.invoice-voided'",
    });
    expect(audit.map((r) => r.details)).toEqual([
      expect.objectContaining({ invoiceId: issued.id, reason: 'Wrong customer' }),
    ]);
    await expect(voidInvoice(deps, fresh.context, issued.id, { date: '2026-02-21', reason: 'again' })).rejects.toThrow(
      ConflictError,
    );
    const next = await issueInvoice(deps, fresh.context, await fresh.draft(customer));
    expect(next.number).toBe(issued.number! + 1);
  });

  it('refuses to delete a customer with open invoices, and deletes one without', async () => {
    const customer = await books.customer();
    await issueInvoice(deps, books.context, await books.draft(customer));
    await expect(deleteCustomer(deps, books.context, customer)).rejects.toThrow(ConflictError);
    const settled = await books.customer();
    await books.draft(settled);
    await deleteCustomer(deps, books.context, settled);
    await expect(getCustomer(deps, books.context, settled)).rejects.toThrow(NotFoundError);
  });

  it('refuses tax on a tax-exempt customer, an unknown customer, and a line without price or account', async () => {
    const exempt = await books.customer({ taxExempt: true });
    await expect(books.draft(exempt)).rejects.toThrow(ValidationError);
    await expect(books.draft('customer-nope')).rejects.toThrow(ValidationError);
    await expect(
      createInvoice(deps, books.context, {
        customerId: exempt,
        issueDate: '2026-02-10',
        lines: [{ quantity: '1', taxRate: '0' }],
      }),
    ).rejects.toThrow(ValidationError);
  });

  it('keeps a restricted member to their facilities: other customers and invoices do not exist for them, writes outside are refused', async () => {
    const customer = await books.customer({ facility: 'F2' });
    const invoice = await books.draft(customer);
    const restricted = {
      ...books.context,
      actor: { id: 'member-r', kind: 'member' as const },
      restrictions: { facilities: ['F1'] },
    };
    await expect(getCustomer(deps, restricted, customer)).rejects.toThrow(NotFoundError);
    await expect(getInvoice(deps, restricted, invoice)).rejects.toThrow(NotFoundError);
    expect((await listInvoices(deps, restricted, {})).every((i) => i.facility === 'F1')).toBe(true);
    await expect(
      createInvoice(deps, restricted, {
        customerId: customer,
        issueDate: '2026-02-10',
        lines: [{ quantity: '1', taxRate: '0' }],
      }),
    ).rejects.toThrow(ValidationError);
    const own = await books.customer({ facility: 'F1' });
    const ownInvoice = await books.draft(own);
    expect((await getInvoice(deps, restricted, ownInvoice)).facility).toBe('F1');
    await expect(
      createInvoice(deps, restricted, {
        customerId: own,
        issueDate: '2026-02-10',
        lines: [
          {
            description: 'x',
            quantity: '1',
            unitPrice: '1.00',
            revenueAccountId: books.accounts.sales,
            taxRate: '0',
            facility: 'F2',
          },
        ],
      }),
    ).rejects.toThrow(ForbiddenError);
  });
});
