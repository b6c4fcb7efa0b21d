import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import type { Credit } from './credits';
import type { Invoice } from './invoice';
import type { ReceivablesDependencies } from './receivables-dependencies';
import type { ReceivablesStore } from './receivables-store';

export interface OpenInvoice {
  readonly invoice: Stored<Invoice>;
  readonly openMinor: bigint;
}

export interface OpenCredit {
  readonly credit: Stored<Credit>;
  readonly kind: 'receipt' | 'credit-note';
  readonly unappliedMinor: bigint;
}

/** What customers owe and are owed as of a date: open invoices and unapplied credits, each non-zero. */
export interface ArPosition {
  readonly invoices: readonly OpenInvoice[];
  readonly credits: readonly OpenCredit[];
}

/**
 * The subledger as of any date, from the documents' dates alone: an invoice is open from its
 * issue date until its void date, less what was applied to it on or before the date; a credit is
 * unapplied by what was applied or refunded on or before the date. Open invoices minus unapplied
 * credits equals the AR control account's balance on that date (the property test proves it).
 */
export async function arPosition(store: ReceivablesStore, asOf: string, customerId?: string): Promise<ArPosition> {
  const { invoices, applications, receipts, creditNotes } = await store.readPosition(asOf, customerId);
  const appliedTo = new Map<string, bigint>();
  const appliedFrom = new Map<string, bigint>();
  for (const a of applications) {
    appliedTo.set(a.invoiceId, (appliedTo.get(a.invoiceId) ?? 0n) + BigInt(a.amountMinor));
    appliedFrom.set(a.sourceId, (appliedFrom.get(a.sourceId) ?? 0n) + BigInt(a.amountMinor));
  }
  const open = invoices.flatMap((invoice) => {
    const voided = invoice.status === 'void' && invoice.voidDate !== null && invoice.voidDate <= asOf;
    const openMinor = voided ? 0n : BigInt(invoice.totalMinor) - (appliedTo.get(invoice.id) ?? 0n);
    return openMinor === 0n ? [] : [{ invoice, openMinor }];
  });
  const credits = [
    ...receipts.map((credit) => ({ credit, kind: 'receipt' as const })),
    ...creditNotes.map((credit) => ({ credit, kind: 'credit-note' as const })),
  ].flatMap(({ credit, kind }) => {
    const refunded = credit.refunds.filter((r) => r.date <= asOf).reduce((sum, r) => sum + BigInt(r.amountMinor), 0n);
    const unappliedMinor = BigInt(credit.amountMinor) - (appliedFrom.get(credit.id) ?? 0n) - refunded;
    return unappliedMinor === 0n ? [] : [{ credit, kind, unappliedMinor }];
  });
  return { invoices: open, credits };
}

/** What customers owe on balance in a position: open invoices less unapplied credit. */
export const balanceOf = (position: ArPosition) =>
  position.invoices.reduce((sum, i) => sum + i.openMinor, 0n) -
  position.credits.reduce((sum, c) => sum + c.unappliedMinor, 0n);

/**
 * The AR subledger's balance as of a date, over the whole organisation as `context` sees it: what
 * integrity checks hold against the AR control account's balance.
 */
export async function subledgerBalance(
  deps: Pick<ReceivablesDependencies, 'storeFor'>,
  context: TenantContext,
  asOf: string,
): Promise<bigint> {
  return balanceOf(await arPosition(deps.storeFor(context), asOf));
}
