import { commitPosting } from '../ledger/cosmos-posting-lane';
import { reversalLink } from '../ledger/cosmos-posting-writes';
import type { TenantContext } from '../platform/actor';
import { ConflictError, ValidationError } from '../platform/errors';
import { invoiceView, type Invoice } from './invoice';
import { invoiceEntry } from './invoice-posting';
import { readInvoice } from './invoices';
import type { ReceivablesDependencies } from './receivables-dependencies';
import { ReceivablesRepository } from './receivables-repository';
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
  const repository = new ReceivablesRepository(deps, context);
  const voidEntryId = `je-${deps.ids.newId()}`;
  await commitPosting(deps, context, async () => {
    const invoice = await readInvoice(repository, id);
    if (invoice.status !== 'issued' || !invoice.journalEntryId)
      throw new ConflictError(`Only an issued invoice is voided (this one is ${invoice.status})`);
    if (BigInt(invoice.paidMinor) !== 0n)
      throw new ConflictError(
        `Invoice ${invoice.number} has payments or credits applied: correct it with a credit note`,
      );
    if (input.date < invoice.issueDate)
      throw new ValidationError('Invalid void date', [{ field: 'date', reason: 'on or after the issue date' }]);
    const settings = await readReceivablesSettings(repository);
    const entry = {
      ...invoiceEntry(invoice, settings, id, {
        date: input.date,
        memo: `Void of invoice ${invoice.number}`,
        reverse: true,
      }),
      reversalOf: invoice.journalEntryId,
    };
    const voided: Invoice = { ...invoice, status: 'void', openMinor: '0', voidDate: input.date, voidEntryId };
    const link = reversalLink(invoice.journalEntryId, voidEntryId);
    return {
      entryId: voidEntryId,
      entry,
      audit: {
        action: 'receivables.invoice-voided',
        details: { invoiceId: id, invoiceNumber: invoice.number, reason: input.reason },
      },
      stage: (transaction) => {
        link(transaction);
        transaction.replace(invoice, voided);
      },
    };
  });
  return invoiceView(await readInvoice(repository, id));
}
