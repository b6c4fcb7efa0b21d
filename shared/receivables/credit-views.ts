import { formatAmount } from '../ledger/money';
import type { Stored } from '../platform/data/stored-document';
import { applicationType, creditNoteNumber, type Application, type Credit } from './credits';
import type { CreditNote } from './credit-notes';
import type { Receipt } from './receipts';
import type { ReceivablesRepository } from './receivables-repository';

async function applicationsOf(repository: ReceivablesRepository, sourceId: string) {
  return repository.queryAll<Application>(applicationType, {
    where: 'c.sourceId = @source',
    parameters: [{ name: '@source', value: sourceId }],
    orderBy: 'c.date ASC',
  });
}

async function creditFigures(repository: ReceivablesRepository, credit: Stored<Credit>, currency: string) {
  const money = (minor: string) => formatAmount(BigInt(minor), currency);
  return {
    id: credit.id,
    customerId: credit.customerId,
    date: credit.date,
    applied: money(credit.appliedMinor),
    unapplied: money(credit.unappliedMinor),
    applications: (await applicationsOf(repository, credit.id)).map((a) => ({
      invoiceId: a.invoiceId,
      amount: money(a.amountMinor),
      date: a.date,
    })),
    journalEntryId: credit.journalEntryId,
  };
}

export async function receiptView(repository: ReceivablesRepository, receipt: Stored<Receipt>, currency: string) {
  return {
    ...(await creditFigures(repository, receipt, currency)),
    amount: formatAmount(BigInt(receipt.amountMinor), currency),
    reference: receipt.reference,
    refunded: formatAmount(BigInt(receipt.refundedMinor), currency),
  };
}

export async function creditNoteView(repository: ReceivablesRepository, note: Stored<CreditNote>, currency: string) {
  const money = (minor: string) => formatAmount(BigInt(minor), currency);
  return {
    ...(await creditFigures(repository, note, currency)),
    number: creditNoteNumber(note.number),
    invoiceId: note.invoiceId,
    reason: note.reason,
    subtotal: money(note.subtotalMinor),
    tax: money(note.taxMinor),
    total: money(note.amountMinor),
  };
}
