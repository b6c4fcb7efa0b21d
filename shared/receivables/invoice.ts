import { formatAmount } from '../ledger/money';
import type { Stored } from '../platform/data/stored-document';
import { formatTenThousandths, tenThousandths } from './invoice-amounts';
import type { InvoiceView } from './schemas';

export const invoiceType = 'invoice';
/** The organisation's gap-free invoice numbers, taken in the batch that posts the invoice (ledger/cosmos-posting-lane.ts). */
export const invoiceCounter = 'invoice-counter';

/** A line as stored: amounts in minor units as strings (JSON has no bigint), already rounded. */
export interface InvoiceLine {
  readonly itemId: string | null;
  readonly description: string;
  /** Ten-thousandths of a unit, as a string. */
  readonly quantity: string;
  readonly unitPriceMinor: string;
  readonly revenueAccountId: string;
  /** Ten-thousandths of a percent, as a string. */
  readonly taxRate: string;
  readonly amountMinor: string;
  readonly taxMinor: string;
  readonly facility: string | null;
  readonly division: string | null;
}

export type InvoiceStatus = 'draft' | 'issued' | 'void';

export interface Invoice {
  readonly status: InvoiceStatus;
  readonly number: number | null;
  readonly customerId: string;
  readonly customerName: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly currency: string;
  readonly memo: string | null;
  /** The receivable's own facility and division (the AR and tax lines carry them); the customer's by default. */
  readonly facility: string | null;
  readonly division: string | null;
  readonly lines: readonly InvoiceLine[];
  readonly subtotalMinor: string;
  readonly taxMinor: string;
  readonly totalMinor: string;
  /** What receipts and credit notes settled so far; open = total - paid, and 0 once void. */
  readonly paidMinor: string;
  readonly openMinor: string;
  readonly journalEntryId: string | null;
  readonly voidEntryId: string | null;
  readonly voidDate: string | null;
  readonly documentId: string | null;
  readonly emailedTo: readonly string[];
  /** Billing contacts not emailed: suppressed after a bounce or complaint. */
  readonly emailSkipped: readonly string[];
}

export const scaledQuantity = (value: string) => tenThousandths(value).toString();

export function invoiceView(invoice: Stored<Invoice>): InvoiceView {
  const money = (minor: string) => formatAmount(BigInt(minor), invoice.currency);
  return {
    id: invoice.id,
    status: invoice.status,
    number: invoice.number,
    customerId: invoice.customerId,
    customerName: invoice.customerName,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    memo: invoice.memo,
    facility: invoice.facility,
    division: invoice.division,
    lines: invoice.lines.map((line) => ({
      itemId: line.itemId,
      description: line.description,
      quantity: formatTenThousandths(BigInt(line.quantity)),
      unitPrice: money(line.unitPriceMinor),
      revenueAccountId: line.revenueAccountId,
      taxRate: formatTenThousandths(BigInt(line.taxRate)),
      amount: money(line.amountMinor),
      tax: money(line.taxMinor),
      facility: line.facility,
      division: line.division,
    })),
    subtotal: money(invoice.subtotalMinor),
    tax: money(invoice.taxMinor),
    total: money(invoice.totalMinor),
    paid: money(invoice.paidMinor),
    open: money(invoice.openMinor),
    journalEntryId: invoice.journalEntryId,
    voidEntryId: invoice.voidEntryId,
    documentId: invoice.documentId,
    emailedTo: [...invoice.emailedTo],
    emailSkipped: [...invoice.emailSkipped],
  };
}
