import { requireActiveDimensions } from '../dimensions/dimension-check';
import { requireBaseCurrency } from '../ledger/books';
import { readBooks } from '../ledger/cosmos-books-store';
import { parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, ForbiddenError, ValidationError } from '../platform/errors';
import { billType, newBillState, billVersion, readBill, viewBill, type Bill } from './bill';
import { claimBillNumber, releaseBillNumber } from './bill-numbers';
import type { BillChanges, BillListQuery, BillView, NewBill } from './bill-schemas';
import { requireAccount } from './payables-accounts';
import type { PayablesDependencies } from './payables-dependencies';
import { PayablesRepository } from './payables-repository';
import { readVendor, vendorType, type Vendor } from './vendor';

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The bill's figures and dates from the input and the vendor's terms, checked against the books. */
async function billContent(
  repository: PayablesRepository,
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
  requireBaseCurrency(await readBooks(repository), input.currency);
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
    await requireAccount(repository, accountId, ['expense', 'asset'], `lines.${index}.accountId`);
  const taxMinor = parseAmount(input.tax, input.currency, 'tax');
  if (input.documentId) {
    const document = await repository.find<{ kind: string }>('document', input.documentId);
    if (document?.kind !== 'bill')
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
  const repository = PayablesRepository.open(deps, context);
  await requireActiveDimensions(deps, context, input.lines);
  const id = `bill-${deps.ids.newId()}`;
  await retryOnConflict('The bill', async () => {
    const vendor = await readVendor(repository, input.vendorId);
    if (!vendor.active) throw new ConflictError('The vendor is inactive');
    const bill: Bill = {
      ...(await billContent(repository, vendor, input, input.kind ?? 'bill')),
      kind: input.kind ?? 'bill',
      vendorId: vendor.id,
      ...newBillState,
      status: 'draft',
      drafters: [context.actor.id],
    };
    const transaction = repository.transaction().create(billType, id, bill);
    await claimBillNumber(repository, transaction, bill, id);
    // Only while the vendor is not deleted: a delete that read it before this bill fails on its ETag and looks again.
    transaction.patch(
      vendorType,
      vendor.id,
      [{ op: 'set', path: '/hasBills', value: true }],
      'from c where c.deleted = false',
    );
    await transaction.commit();
  });
  return viewBill(await readBill(repository, id));
}

export async function getBill(deps: PayablesDependencies, context: TenantContext, id: string): Promise<BillView> {
  return viewBill(await readBill(PayablesRepository.open(deps, context), id));
}

export async function listBills(deps: PayablesDependencies, context: TenantContext, query: BillListQuery) {
  const repository = PayablesRepository.open(deps, context);
  const conditions: string[] = [];
  const parameters = [];
  if (query.kind) {
    conditions.push('c.kind = @kind');
    parameters.push({ name: '@kind', value: query.kind });
  }
  if (query.status) {
    conditions.push('c.status = @status');
    parameters.push({ name: '@status', value: query.status });
  }
  if (query.vendorId) {
    conditions.push('c.vendorId = @vendorId');
    parameters.push({ name: '@vendorId', value: query.vendorId });
  }
  const page = await repository.query<Bill>(billType, {
    ...(conditions.length > 0 ? { where: conditions.join(' AND '), parameters } : {}),
    orderBy: 'c.billDate DESC',
    maxItemCount: query.pageSize,
    ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
  });
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
  const repository = PayablesRepository.open(deps, context);
  await requireActiveDimensions(deps, context, input.lines);
  await retryOnConflict('The bill', async () => {
    const current = await readBill(repository, id);
    if (current.status === 'posted') throw new ConflictError('A posted bill is never edited; void it instead');
    if (current.status === 'void') throw new ConflictError('A void bill is never edited');
    const vendor = await readVendor(repository, current.vendorId);
    const next: Bill = {
      ...current,
      ...(await billContent(repository, vendor, input, current.kind)),
      status: 'draft',
      drafters: current.drafters.includes(context.actor.id)
        ? current.drafters
        : [...current.drafters, context.actor.id],
      submittedBy: null,
      submittedAt: null,
    };
    const transaction = repository.transaction().replace(current, next);
    if (next.billNumber !== current.billNumber) {
      await releaseBillNumber(repository, transaction, current);
      await claimBillNumber(repository, transaction, next, id);
    }
    if (current.status === 'submitted') {
      const details = { submittedBy: current.submittedBy, version: billVersion(next) };
      const withdrawn = { action: 'payables.bill-submission-withdrawn', target: { type: 'bill', id }, details };
      await stageAuditRecord(repository, transaction, context, withdrawn, deps.clock.now());
    }
    await transaction.commit();
  });
  return viewBill(await readBill(repository, id));
}

/** A drafter puts the bill forward for approval; submitting twice changes nothing. */
export async function submitBill(deps: PayablesDependencies, context: TenantContext, id: string): Promise<BillView> {
  const repository = PayablesRepository.open(deps, context);
  await retryOnConflict('The bill', async () => {
    const current = await readBill(repository, id);
    if (current.status === 'submitted') return;
    if (current.status !== 'draft') throw new ConflictError(`The bill is ${current.status}, not a draft`);
    if (!current.drafters.includes(context.actor.id))
      throw new ForbiddenError('Only a member who wrote or edited this bill submits it');
    const now = deps.clock.now();
    const transaction = repository.transaction().replace(current, {
      ...current,
      status: 'submitted',
      submittedBy: context.actor.id,
      submittedAt: now.toISOString(),
    });
    const audit = {
      action: 'payables.bill-submitted',
      target: { type: 'bill', id },
      details: { version: billVersion(current) },
    };
    await stageAuditRecord(repository, transaction, context, audit, now);
    await transaction.commit();
  });
  return viewBill(await readBill(repository, id));
}
