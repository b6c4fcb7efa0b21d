import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError } from '../platform/errors';
import { deliverInvoice } from './invoice-delivery';
import { invoiceView } from './invoice';
import { invoiceEntry } from './invoice-posting';
import { readCustomer } from './customers';
import { readInvoice, requireActiveInvoiceTags } from './invoices';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { readReceivablesSettings } from './receivables-settings';
import type { InvoiceView } from './schemas';

/**
 * Issues a draft: one batch through the ledger's posting lane posts its entry (debit AR control,
 * credit revenue and sales tax payable) and takes the next invoice number from the organisation's
 * invoice counter (gap-free, like entry numbers), with the invoice's new state and the audit
 * record; refused for something that changed meanwhile, it is planned again from what is stored.
 * Then its PDF goes to the document store and its email to the outbox (invoice-delivery.ts);
 * issuing an issued invoice again finishes that delivery if it was interrupted, and nothing else.
 */
export async function issueInvoice(
  deps: ReceivablesDependencies,
  context: TenantContext,
  id: string,
): Promise<InvoiceView> {
  const store = deps.storeFor(context);
  const first = await readInvoice(store, id);
  if (first.status === 'void') throw new ConflictError(`Invoice ${first.number} is void`);
  if (first.status === 'draft') {
    const entryId = `je-${deps.ids.newId()}`;
    await retryOnConflict('The journal entry', async () => {
      const invoice = await readInvoice(store, id);
      if (invoice.status !== 'draft') throw new ConflictError(`Invoice ${invoice.number} is already issued`);
      if (BigInt(invoice.totalMinor) <= 0n) throw new ConflictError('An invoice is issued for an amount above zero');
      const customer = await readCustomer(store, invoice.customerId);
      if (!customer.active) throw new ConflictError(`${customer.name} is inactive`);
      await requireActiveInvoiceTags(deps, context, { field: '', tags: invoice }, invoice.lines);
      const settings = await readReceivablesSettings(store);
      const entry = invoiceEntry(invoice, settings, id, {
        date: invoice.issueDate,
        memo: `Invoice to ${customer.name}`,
      });
      await store.issueInvoice(
        invoice,
        (number) => ({
          ...invoice,
          status: 'issued',
          number,
          journalEntryId: entryId,
          paidMinor: '0',
          openMinor: invoice.totalMinor,
        }),
        {
          entryId,
          entry,
          audit: { action: 'receivables.invoice-issued', details: { invoiceId: id, total: invoice.totalMinor } },
        },
      );
    });
  }
  await deliverInvoice(deps, context, id);
  return invoiceView(await readInvoice(store, id));
}
