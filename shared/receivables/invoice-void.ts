import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ValidationError } from '../platform/errors';
import { invoiceView } from './invoice';
import { invoiceEntry } from './invoice-posting';
import { readInvoice } from './invoices';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { readReceivablesSettings } from './receivables-settings';
import type { InvoiceView, VoidInput } from './schemas';

/**
 * Voids an issued invoice by the mirror image of its entry, linked to it as its reversal and
 * audited with the reason, in one batch with the invoice's new state. Its number stays used
 * (gap-free means no number vanishes). An invoice something was applied to is corrected by a
 * credit note instead: a void would leave that receipt applied to nothing.
 */
export async function voidInvoice(
  deps: ReceivablesDependencies,
  context: TenantContext,
  id: string,
  input: VoidInput,
): Promise<InvoiceView> {
  const store = deps.storeFor(context);
  const voidEntryId = `je-${deps.ids.newId()}`;
  await retryOnConflict('The journal entry', async () => {
    const invoice = await readInvoice(store, id);
    if (invoice.status !== 'issued' || !invoice.journalEntryId)
      throw new ConflictError(`Only an issued invoice is voided (this one is ${invoice.status})`);
    if (BigInt(invoice.paidMinor) !== 0n)
      throw new ConflictError(
        `Invoice ${invoice.number} has payments or credits applied: correct it with a credit note`,
      );
    if (input.date < invoice.issueDate)
      throw new ValidationError('Invalid void date', [{ field: 'date', reason: 'on or after the issue date' }]);
    const settings = await readReceivablesSettings(store);
    const entry = {
      ...invoiceEntry(invoice, settings, id, {
        date: input.date,
        memo: `Void of invoice ${invoice.number}`,
        reverse: true,
      }),
      reversalOf: invoice.journalEntryId,
    };
    await store.voidInvoice(
      invoice,
      { ...invoice, status: 'void', openMinor: '0', voidDate: input.date, voidEntryId },
      {
        entryId: voidEntryId,
        entry,
        audit: {
          action: 'receivables.invoice-voided',
          details: { invoiceId: id, invoiceNumber: invoice.number, reason: input.reason },
        },
        reverses: invoice.journalEntryId,
      },
    );
  });
  return invoiceView(await readInvoice(store, id));
}
