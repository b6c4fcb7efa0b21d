import { readBooks } from '../ledger/cosmos-books-store';
import { commitPosting } from '../ledger/cosmos-posting-lane';
import { parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ConflictError, ValidationError } from '../platform/errors';
import { creditNoteView, receiptView } from './credit-views';
import { creditAfter, planApplications, sourceType, type Credit } from './credits';
import type { CreditNote } from './credit-notes';
import { cashEntry, type Receipt } from './receipts';
import { ReceivablesRepository } from './receivables-repository';
import { readReceivablesSettings } from './receivables-settings';
import type { ApplyCreditInput, CreditSource, RefundInput } from './settlement-schemas';

async function viewOf(repository: ReceivablesRepository, source: CreditSource, id: string, currency: string) {
  return source === 'receipt'
    ? receiptView(repository, await repository.get<Receipt>(sourceType(source), id), currency)
    : creditNoteView(repository, await repository.get<CreditNote>(sourceType(source), id), currency);
}

/**
 * Applies a customer's unapplied credit (a receipt's overpayment, a credit note's rest) to their
 * open invoices. Nothing moves in the ledger (AR control already holds the credit); the credit,
 * the applications, the invoices and the audit record are one transaction.
 */
export async function applyCredit(deps: DomainDependencies, context: TenantContext, input: ApplyCreditInput) {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency: currency } = await readBooks(repository);
  await retryOnConflict(`${input.source} ${input.sourceId}`, async () => {
    const credit = await repository.get<Credit>(sourceType(input.source), input.sourceId);
    if (input.date < credit.date)
      throw new ValidationError('Invalid application', [{ field: 'date', reason: 'on or after the credit' }]);
    const applications = await planApplications(
      repository,
      credit.customerId,
      currency,
      input.date,
      input.applications,
    );
    const transaction = repository
      .transaction()
      .replace(credit, creditAfter(credit, { applied: applications.totalMinor }));
    applications.stage(transaction, input.source, input.sourceId, () => `application-${deps.ids.newId()}`);
    const target = { type: input.source, id: input.sourceId };
    const details = { amount: applications.totalMinor.toString(), date: input.date };
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action: 'receivables.credit-applied', target, details },
      deps.clock.now(),
    );
    await transaction.commit();
  });
  return viewOf(repository, input.source, input.sourceId, currency);
}

/** Pays unapplied credit back to the customer: debit AR control, credit cash, with the credit's new state. */
export async function refundCredit(
  deps: DomainDependencies,
  context: TenantContext,
  source: CreditSource,
  id: string,
  input: RefundInput,
): Promise<void> {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency: currency } = await readBooks(repository);
  const entryId = `je-${deps.ids.newId()}`;
  await commitPosting(deps, context, async () => {
    const credit = await repository.get<Credit>(sourceType(source), id);
    const settings = await readReceivablesSettings(repository);
    const amount = parseAmount(input.amount, currency, 'amount');
    if (amount <= 0n) throw new ValidationError('Invalid refund', [{ field: 'amount', reason: 'above zero' }]);
    if (amount > BigInt(credit.unappliedMinor)) throw new ConflictError('That is more than the credit has unapplied');
    if (input.date < credit.date)
      throw new ValidationError('Invalid refund', [{ field: 'date', reason: 'on or after the credit' }]);
    const next = creditAfter(credit, {
      refunded: { date: input.date, amountMinor: amount.toString(), journalEntryId: entryId },
    });
    const accounts = { cash: settings.cashAccountId, ar: settings.arControlAccountId };
    const memo = `Refund to ${credit.customerName}`;
    return {
      entryId,
      entry: cashEntry(accounts, credit, { date: input.date, memo, reference: id, amount, currency, refund: true }),
      audit: { action: 'receivables.credit-refunded', details: { [`${source}Id`]: id, amount: amount.toString() } },
      stage: (transaction) => {
        transaction.replace(credit, next);
      },
    };
  });
}
