import { requireActiveDimensions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { billVersion, readBill, viewBill, type Bill } from './bill';
import { billEntry, billLines, voidEntry } from './bill-entries';
import type { BillView, BillVoid } from './bill-schemas';
import { releaseBillNumber } from './bill-numbers';
import type { PayablesDependencies } from './payables-dependencies';
import { requireApControl } from './payables-settings';
import { readVendor } from './vendor';

/**
 * Approves a submitted bill and posts it in the same batch, through the ledger's posting lane:
 * the entry (debit the lines, credit AP control) gets the next number and its audit record, and
 * the bill becomes posted under its ETag, so a bill is posted at most once and never approved
 * without its posting. Dual control always: the approver wrote none of it and names the version
 * they reviewed. The posting is made in the approver's ledger reach, so their facility
 * and division restrictions apply to its lines as to any entry of theirs.
 */
export async function approveBill(
  deps: PayablesDependencies,
  context: TenantContext,
  id: string,
  reviewed: string,
): Promise<BillView> {
  const store = deps.storeFor(context);
  await retryOnConflict('The bill', async () => {
    const bill = await readBill(store, id);
    if (bill.status !== 'submitted')
      throw new ConflictError(`Only a submitted bill can be approved; this one is ${bill.status}`);
    if (bill.drafters.includes(context.actor.id))
      throw new ForbiddenError('Nobody approves a bill they wrote or edited');
    const version = billVersion(bill);
    if (version !== reviewed)
      throw new ConflictError(`The bill changed since the version you reviewed; its version is now ${version}`);
    // As the ledger checks a draft's lines again when it posts: an entry deactivated since the draft is refused.
    await requireActiveDimensions(deps, context, bill.lines);
    const settings = await store.readSettings();
    const apControl = requireApControl(settings);
    const { purchaseTaxAccountId } = settings;
    if (BigInt(bill.taxMinor) > 0n && !purchaseTaxAccountId)
      throw new ConflictError('The bill has tax and the organisation has no purchase tax account set');
    const vendor = await readVendor(store, bill.vendorId);
    const entryId = `je-${deps.ids.newId()}`;
    const now = deps.clock.now().toISOString();
    const approved: Bill = {
      ...bill,
      status: 'posted',
      approvedBy: context.actor.id,
      approvedAt: now,
      journalEntryId: entryId,
    };
    await store.postBill(
      { current: bill, next: approved },
      {
        entryId,
        entry: billEntry(bill, vendor.name, billLines(bill, apControl, purchaseTaxAccountId), bill),
        audit: {
          action: 'payables.bill-approved',
          details: { billId: id, version, vendorId: bill.vendorId, drafters: bill.drafters.join(',') },
        },
      },
    );
  });
  return viewBill(await readBill(store, id));
}

/**
 * Voids a bill. A draft or submitted bill simply stops; a posted one is reversed by a mirror
 * entry dated `input.date`, linked to the original, in the same batch as the bill's change.
 * Payments and credits applied must be undone first: a void never hides money that moved.
 * Either way the vendor's bill number is free again, for the corrected bill.
 */
export async function voidBill(
  deps: PayablesDependencies,
  context: TenantContext,
  id: string,
  input: BillVoid,
): Promise<BillView> {
  const store = deps.storeFor(context);
  await retryOnConflict('The bill', async () => {
    const bill = await readBill(store, id);
    if (bill.status === 'void') throw new ConflictError('The bill is already void');
    const now = deps.clock.now();
    const voided: Bill = {
      ...bill,
      status: 'void',
      voidedBy: context.actor.id,
      voidedAt: now.toISOString(),
      voidReason: input.reason,
      voidDate: bill.status === 'posted' ? input.date : null,
    };
    const release = await releaseBillNumber(store, bill);
    const numbers = release ? [release] : [];
    if (bill.status !== 'posted') {
      const audit = { action: 'payables.bill-voided', target: { type: 'bill', id }, details: { reason: input.reason } };
      await store.saveBill({ current: bill, next: voided }, { numbers, audit });
      return;
    }
    if (BigInt(bill.paidMinor) > 0n || BigInt(bill.creditedMinor) > 0n)
      throw new ConflictError('Payments or credits are applied to the bill; undo them before voiding it');
    if (input.date < bill.billDate)
      throw new ValidationError('The void cannot come before the bill', [
        { field: 'date', reason: `on or after ${bill.billDate}` },
      ]);
    const original = await store.findJournalEntry(bill.journalEntryId!);
    if (!original) throw new NotFoundError(`No journal-entry with id ${bill.journalEntryId}`);
    const reversalId = `je-${deps.ids.newId()}`;
    await store.postBill(
      { current: bill, next: { ...voided, voidEntryId: reversalId } },
      {
        entryId: reversalId,
        entry: voidEntry(original, original.id, bill, context.actor.id, input.date, input.reason),
        audit: {
          action: 'payables.bill-voided',
          details: { billId: id, reversalOf: original.id, reason: input.reason },
        },
        reverses: original.id,
      },
      numbers,
    );
  });
  return viewBill(await readBill(store, id));
}
