import { formatAmount } from '../ledger/money';
import type { Stored } from '../platform/data/stored-document';
import { creditNoteNumber, type Credit } from './credits';
import type { CreditNote } from './credit-notes';
import type { Receipt } from './receipts';
import type { ReceivablesStore } from './receivables-store';

async function creditFigures(store: ReceivablesStore, credit: Stored<Credit>, currency: string) {
  const money = (minor: string) => formatAmount(BigInt(minor), currency);
  return {
    id: credit.id,
    customerId: credit.customerId,
    date: credit.date,
    applied: money(credit.appliedMinor),
    unapplied: money(credit.unappliedMinor),
    applications: (await store.applicationsOf(credit.id)).map((a) => ({
      invoiceId: a.invoiceId,
      amount: money(a.amountMinor),
      date: a.date,
    })),
    journalEntryId: credit.journalEntryId,
  };
}

export async function receiptView(store: ReceivablesStore, receipt: Stored<Receipt>, currency: string) {
  return {
    ...(await creditFigures(store, receipt, currency)),
    amount: formatAmount(BigInt(receipt.amountMinor), currency),
    reference: receipt.reference,
    refunded: formatAmount(BigInt(receipt.refundedMinor), currency),
  };
}

export async function creditNoteView(store: ReceivablesStore, note: Stored<CreditNote>, currency: string) {
  const money = (minor: string) => formatAmount(BigInt(minor), currency);
  return {
    ...(await creditFigures(store, note, currency)),
    number: creditNoteNumber(note.number),
    invoiceId: note.invoiceId,
    reason: note.reason,
    subtotal: money(note.subtotalMinor),
    tax: money(note.taxMinor),
    total: money(note.amountMinor),
  };
}
