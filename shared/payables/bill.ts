import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import { formatAmount } from '../ledger/money';
import type { Stored } from '../platform/data/stored-document';
import { NotFoundError } from '../platform/errors';
import type { BillView } from './bill-schemas';
import type { BillStore } from './bill-store';
import { percentText } from './vendor';

export const billType = 'bill';
/** One per vendor and bill number: its fixed id makes a second bill with the number collide. */
export const billNumberType = 'bill-number';

export interface BillLine {
  readonly accountId: string;
  readonly amountMinor: string;
  readonly facility: string | null;
  readonly division: string | null;
  readonly memo: string | null;
}

/**
 * A vendor's bill. Stored status is draft, submitted, posted or void; partially paid and paid are
 * what a posted bill's amounts say. Amounts are integer minor units as decimal strings.
 */
export interface Bill {
  /** A vendor credit is kept as a bill of the other sign: it is approved, posted and voided the same way. */
  readonly kind: 'bill' | 'credit';
  readonly vendorId: string;
  readonly billNumber: string;
  readonly billDate: string;
  readonly dueDate: string;
  readonly discountBasisPoints: number | null;
  readonly discountUntil: string | null;
  readonly currency: string;
  readonly lines: readonly BillLine[];
  readonly taxMinor: string;
  readonly totalMinor: string;
  /** Payments applied, discounts taken included (bill-payments.ts); of a credit: what was applied to bills. */
  readonly paidMinor: string;
  /** Vendor credits applied to the bill (vendor-credits.ts). */
  readonly creditedMinor: string;
  /** Nothing left to pay: paid and credited add up to the total. */
  readonly settled: boolean;
  readonly status: 'draft' | 'submitted' | 'posted' | 'void';
  readonly documentId: string | null;
  readonly memo: string | null;
  /** Every member who wrote or edited the bill: none of them may approve it. */
  readonly drafters: readonly string[];
  readonly submittedBy: string | null;
  readonly submittedAt: string | null;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly journalEntryId: string | null;
  readonly voidedBy: string | null;
  readonly voidedAt: string | null;
  /** The reversing entry's date: from it on, the bill is no longer owed. */
  readonly voidDate: string | null;
  readonly voidEntryId: string | null;
  readonly voidReason: string | null;
}

/** A new bill's workflow fields: nothing paid or credited, nobody has submitted, approved or voided it. */
export const newBillState = {
  paidMinor: '0',
  creditedMinor: '0',
  settled: false,
  submittedBy: null,
  submittedAt: null,
  approvedBy: null,
  approvedAt: null,
  journalEntryId: null,
  voidedBy: null,
  voidedAt: null,
  voidDate: null,
  voidEntryId: null,
  voidReason: null,
} as const satisfies Partial<Bill>;

/** The number as compared: case, spaces and punctuation do not make "INV-001" a new bill beside "inv 001". */
export const billNumberKey = (billNumber: string) => billNumber.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** A credit's number is the vendor's credit memo number: its own series beside their invoice numbers. */
export function billNumberId(vendorId: string, billNumber: string, kind: Bill['kind']): string {
  const digest = createHash('sha256').update(billNumberKey(billNumber)).digest('hex').slice(0, 40);
  return `${kind === 'credit' ? 'credit' : 'bill'}-number-${vendorId}-${digest}`;
}

/** Whose bill holds a vendor's number; `billId` null once that bill was voided (the number is free again). */
export interface BillNumberIndex {
  readonly billId: string | null;
}

/**
 * The version of a bill that an approver approves: SHA-256 over everything its posting records, in
 * canonical JSON. An approval names it, and any edit changes it (as the ledger's entryVersion).
 */
export function billVersion(bill: Bill): string {
  const { vendorId, billNumber, billDate, dueDate, currency, lines, taxMinor, documentId, memo } = bill;
  const content = { vendorId, billNumber, billDate, dueDate, currency, lines, taxMinor, documentId, memo };
  return createHash('sha256').update(canonicalize(content)).digest('hex');
}

export const openMinor = (bill: Bill) => BigInt(bill.totalMinor) - BigInt(bill.paidMinor) - BigInt(bill.creditedMinor);

/** The bill with `amount` more paid (or credited; negative: a payment returned), and whether that settles it. */
export function withApplied(bill: Bill, field: 'paidMinor' | 'creditedMinor', amount: bigint): Bill {
  const next = { ...bill, [field]: (BigInt(bill[field]) + amount).toString() };
  return { ...next, settled: openMinor(next) === 0n };
}

export async function readBill(store: Pick<BillStore, 'findBill'>, id: string): Promise<Stored<Bill>> {
  const bill = await store.findBill(id);
  if (!bill) throw new NotFoundError(`No bill with id ${id}`);
  return bill;
}

function statusOf(bill: Bill): BillView['status'] {
  if (bill.status !== 'posted') return bill.status;
  if (bill.settled) return 'paid';
  return BigInt(bill.paidMinor) + BigInt(bill.creditedMinor) > 0n ? 'partially-paid' : 'posted';
}

export function viewBill(bill: Stored<Bill>): BillView {
  const money = (minor: string | bigint) => formatAmount(BigInt(minor), bill.currency);
  return {
    ...bill,
    discount:
      bill.discountBasisPoints !== null && bill.discountUntil !== null
        ? { percent: percentText(bill.discountBasisPoints), until: bill.discountUntil }
        : null,
    lines: bill.lines.map((line) => ({ ...line, amount: money(line.amountMinor) })),
    tax: money(bill.taxMinor),
    total: money(bill.totalMinor),
    paid: money(bill.paidMinor),
    credited: money(bill.creditedMinor),
    open: money(bill.status === 'posted' ? openMinor(bill) : 0n),
    status: statusOf(bill),
    version: billVersion(bill),
    drafters: [...bill.drafters],
  };
}
