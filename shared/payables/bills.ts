import { requireActiveDimensions } from '../dimensions/dimension-check';
import { requireBaseCurrency } from '../ledger/books';
import { parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, ForbiddenError, ValidationError } from '../platform/errors';
import { newBillState, billVersion, readBill, viewBill, type Bill } from './bill';
import { claimBillNumber, releaseBillNumber } from './bill-numbers';
import type { BillChanges, BillListQuery, BillView, NewBill } from './bill-schemas';
import { requireAccount } from './payables-accounts';
import type { PayablesDependencies } from './payables-dependencies';
import type { PayablesStore } from './payables-store';
import { readVendor, type Vendor } from './vendor';

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The bill's figures and dates from the input and the vendor's terms, checked against the books. */
async function billContent(
  store: PayablesStore,
  vendor: Stored<Vendor>,
  input: BillChanges,
  kind: Bill['kind'],
): Promise<
  Omit<
    Bill,
    | 'status'
    | 'drafters'
    | 'submittedBy'
    | 'submittedAt'
    | 'approvedBy'
    | 'approvedAt'
    | 'journalEntryId'
    | 'voidedBy'
    | 'voidedAt'
    | 'voidDate'
    | 'voidEntryId'
    | 'voidReason'
    | 'paidMinor'
    | 'creditedMinor'
    | 'settled'
    | 'vendorId'
    | 'kind'
  >
> {
  requireBaseCurrency(await store.readBooks(), input.currency);
  const lines = input.lines.map((line, index) => {
    const amountMinor = parseAmount(line.amount, input.currency, `lines.${index}.amount`);
    if (amountMinor <= 0n)
      throw new ValidationError('Invalid amount', [
        { field: `lines.${index}.amount`, reason: 'must be greater than zero' },
      ]);
    return {
      accountId: line.accountId,
      amountMinor: amountMinor.toString(),
      facility: line.facility ?? null,
      division: line.division ?? null,
      memo: line.memo ?? null,
    };
  });
  for (const [index, accountId] of [...new Set(lines.map((l) => l.accountId))].entries())
    await requireAccount(store, accountId, ['expense', 'asset'], `lines.${index}.accountId`);
  const taxMinor = parseAmount(input.tax, input.currency, 'tax');
  if (input.documentId) {
    if ((await store.documentKind(input.documentId)) !== 'bill')
      throw new ValidationError('The bill names a document it cannot use', [
        { field: 'documentId', reason: 'an uploaded bill document of the organisation' },
      ]);
  }
  const { terms } = vendor;
  return {
    billNumber: input.billNumber,
    billDate: input.billDate,
    // A credit is not due: it is applied to bills (vendor-credits.ts).
    dueDate: kind === 'credit' ? input.billDate : addDays(input.billDate, terms.netDays),
    discountBasisPoints: kind === 'credit' ? null : terms.discountBasisPoints,
    discountUntil:
      kind === 'credit' || terms.discountDays === null ? null : addDays(input.billDate, terms.discountDays),
    currency: input.currency,
    lines,
    taxMinor: taxMinor.toString(),
    totalMinor: (lines.reduce((sum, l) => sum + BigInt(l.amountMinor), 0n) + taxMinor).toString(),
    documentId: input.documentId ?? null,
    memo: input.memo ?? null,
  };
}

export async function createBill(
  deps: PayablesDependencies,
  context: TenantContext,
  input: NewBill,
): Promise<BillView> {
  const store = deps.storeFor(context);
  await requireActiveDimensions(deps, context, input.lines);
  const id = `bill-${deps.ids.newId()}`;
  await retryOnConflict('The bill', async () => {
    const vendor = await readVendor(store, input.vendorId);
    if (!vendor.active) throw new ConflictError('The vendor is inactive');
    const bill: Bill = {
      ...(await billContent(store, vendor, input, input.kind ?? 'bill')),
      kind: input.kind ?? 'bill',
      vendorId: vendor.id,
      ...newBillState,
      status: 'draft',
      drafters: [context.actor.id],
    };
    await store.addBill(id, bill, await claimBillNumber(store, bill, id));
  });
  return viewBill(await readBill(store, id));
}

export async function getBill(deps: PayablesDependencies, context: TenantContext, id: string): Promise<BillView> {
  return viewBill(await readBill(deps.storeFor(context), id));
}

export async function listBills(deps: PayablesDependencies, context: TenantContext, query: BillListQuery) {
  const page = await deps.storeFor(context).listBills(query);
  return {
    items: page.items.map(viewBill),
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  };
}

/**
 * Rewrites a draft. Whoever edits becomes one of its drafters (and so can no longer approve it),
 * and an edit of a submitted bill withdraws the submission, audited, as in the ledger.
 */
export async function updateBill(
  deps: PayablesDependencies,
  context: TenantContext,
  id: string,
  input: BillChanges,
): Promise<BillView> {
  const store = deps.storeFor(context);
  await requireActiveDimensions(deps, context, input.lines);
  await retryOnConflict('The bill', async () => {
    const current = await readBill(store, id);
    if (current.status === 'posted') throw new ConflictError('A posted bill is never edited; void it instead');
    if (current.status === 'void') throw new ConflictError('A void bill is never edited');
    const vendor = await readVendor(store, current.vendorId);
    const next: Bill = {
      ...current,
      ...(await billContent(store, vendor, input, current.kind)),
      status: 'draft',
      drafters: current.drafters.includes(context.actor.id)
        ? current.drafters
        : [...current.drafters, context.actor.id],
      submittedBy: null,
      submittedAt: null,
    };
    const numbers =
      next.billNumber !== current.billNumber
        ? [await releaseBillNumber(store, current), await claimBillNumber(store, next, id)]
        : [];
    const details = { submittedBy: current.submittedBy, version: billVersion(next) };
    const withdrawn = { action: 'payables.bill-submission-withdrawn', target: { type: 'bill', id }, details };
    await store.saveBill(
      { current, next },
      {
        numbers: numbers.filter((write) => write !== undefined),
        ...(current.status === 'submitted' ? { audit: withdrawn } : {}),
      },
    );
  });
  return viewBill(await readBill(store, id));
}

/** A drafter puts the bill forward for approval; submitting twice changes nothing. */
export async function submitBill(deps: PayablesDependencies, context: TenantContext, id: string): Promise<BillView> {
  const store = deps.storeFor(context);
  await retryOnConflict('The bill', async () => {
    const current = await readBill(store, id);
    if (current.status === 'submitted') return;
    if (current.status !== 'draft') throw new ConflictError(`The bill is ${current.status}, not a draft`);
    if (!current.drafters.includes(context.actor.id))
      throw new ForbiddenError('Only a member who wrote or edited this bill submits it');
    const now = deps.clock.now();
    const next: Bill = {
      ...current,
      status: 'submitted',
      submittedBy: context.actor.id,
      submittedAt: now.toISOString(),
    };
    const audit = {
      action: 'payables.bill-submitted',
      target: { type: 'bill', id },
      details: { version: billVersion(current) },
    };
    await store.saveBill({ current, next }, { audit });
  });
  return viewBill(await readBill(store, id));
}
