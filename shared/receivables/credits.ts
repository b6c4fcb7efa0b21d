import { formatAmount, parseAmount } from '../ledger/money';
import type { IdGenerator } from '../platform/clock';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, ValidationError, type FieldProblem } from '../platform/errors';
import type { Invoice } from './invoice';
import type { ReceivablesStore, Settlement } from './receivables-store';
import type { CreditSource } from './settlement-schemas';

export const applicationType = 'receivable-application';
export const receiptType = 'receipt';
export const creditNoteType = 'credit-note';
/** The organisation's gap-free credit-note numbers, their own sequence, taken in the batch that posts the note. */
export const creditNoteCounter = 'credit-note-counter';
/** A credit note's number as customers see it: CN-000042. */
export const creditNoteNumber = (number: number) => `CN-${String(number).padStart(6, '0')}`;

/** Part of a receipt or credit note settling part of an invoice, on a date (what aging as of a date reads). */
export interface Application {
  readonly customerId: string;
  readonly source: CreditSource;
  readonly sourceId: string;
  readonly invoiceId: string;
  readonly amountMinor: string;
  readonly date: string;
  /** The invoice's, so a restricted member sees what settles the invoices they see. */
  readonly facility: string | null;
  readonly division: string | null;
}

export interface Refund {
  readonly date: string;
  readonly amountMinor: string;
  readonly journalEntryId: string;
}

/**
 * What receipts and credit notes share: an amount owed back to the customer until it is applied
 * to invoices or refunded. unapplied = amount - applied - refunded, never below zero.
 */
export interface Credit {
  readonly customerId: string;
  readonly customerName: string;
  readonly date: string;
  readonly amountMinor: string;
  readonly appliedMinor: string;
  readonly refundedMinor: string;
  readonly unappliedMinor: string;
  readonly refunds: readonly Refund[];
  readonly journalEntryId: string;
  readonly facility: string | null;
  readonly division: string | null;
}

export const sourceType = (source: CreditSource) => (source === 'receipt' ? receiptType : creditNoteType);

export interface PlannedApplications {
  readonly totalMinor: bigint;
  /** The applications as written for this credit, each under a new id. */
  settle(source: CreditSource, sourceId: string, ids: IdGenerator): Settlement;
}

/**
 * Reads and checks the invoices a credit is applied to: each the customer's, issued, and open for
 * at least the amount, on or after its issue date. `settle` gives the applications and the
 * invoices' new paid and open amounts (replaced under their ETags) for the caller's batch.
 */
export async function planApplications(
  store: ReceivablesStore,
  customerId: string,
  currency: string,
  date: string,
  inputs: ReadonlyArray<{ invoiceId: string; amount: string }>,
): Promise<PlannedApplications> {
  const problems: FieldProblem[] = [];
  const planned: Array<{ invoice: Stored<Invoice>; amount: bigint }> = [];
  for (const [index, input] of inputs.entries()) {
    const field = `applications.${index}`;
    const amount = parseAmount(input.amount, currency, `${field}.amount`);
    const invoice = await store.findInvoice(input.invoiceId);
    const earlier = planned.filter((p) => p.invoice.id === input.invoiceId).reduce((sum, p) => sum + p.amount, 0n);
    if (!invoice || invoice.customerId !== customerId || invoice.status !== 'issued')
      problems.push({ field: `${field}.invoiceId`, reason: "an issued invoice of the customer's" });
    else if (amount <= 0n || amount + earlier > BigInt(invoice.openMinor))
      problems.push({
        field: `${field}.amount`,
        reason: `above zero and at most the open ${formatAmount(BigInt(invoice.openMinor) - earlier, currency)}`,
      });
    else if (date < invoice.issueDate) problems.push({ field: 'date', reason: 'on or after the invoice date' });
    else planned.push({ invoice, amount });
  }
  if (problems.length > 0) throw new ValidationError('The applications cannot be made', problems);
  const totalMinor = planned.reduce((sum, p) => sum + p.amount, 0n);
  return {
    totalMinor,
    settle(source, sourceId, ids) {
      const byInvoice = new Map<string, { invoice: Stored<Invoice>; amount: bigint }>();
      const applications = planned.map((p) => {
        const current = byInvoice.get(p.invoice.id);
        byInvoice.set(p.invoice.id, { invoice: p.invoice, amount: (current?.amount ?? 0n) + p.amount });
        const application: Application = {
          customerId,
          source,
          sourceId,
          invoiceId: p.invoice.id,
          amountMinor: p.amount.toString(),
          date,
          facility: p.invoice.facility,
          division: p.invoice.division,
        };
        return { id: `application-${ids.newId()}`, application };
      });
      const invoices = [...byInvoice.values()].map(({ invoice, amount }) => ({
        current: invoice,
        next: {
          ...invoice,
          paidMinor: (BigInt(invoice.paidMinor) + amount).toString(),
          openMinor: (BigInt(invoice.openMinor) - amount).toString(),
        },
      }));
      return { applications, invoices };
    },
  };
}

/** The credit after applying or refunding `amount` of it; refused past what is unapplied. */
export function creditAfter<C extends Credit>(credit: C, change: { applied?: bigint; refunded?: Refund }): C {
  const applied = change.applied ?? 0n;
  const refunded = change.refunded ? BigInt(change.refunded.amountMinor) : 0n;
  const unapplied = BigInt(credit.unappliedMinor) - applied - refunded;
  if (unapplied < 0n) throw new ConflictError('That is more than the credit has unapplied');
  return {
    ...credit,
    appliedMinor: (BigInt(credit.appliedMinor) + applied).toString(),
    refundedMinor: (BigInt(credit.refundedMinor) + refunded).toString(),
    unappliedMinor: unapplied.toString(),
    refunds: change.refunded ? [...credit.refunds, change.refunded] : credit.refunds,
  };
}
