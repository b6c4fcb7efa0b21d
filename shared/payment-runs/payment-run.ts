/**
 * The stored payment run: a header document (its state machine, totals, progress, file) and its
 * proposal in chunk documents of at most 50 vendor payments and 1,000 bills each (a vendor with more
 * bills alone), so a run of thousands of bills stays far under Cosmos's 2 MB document limit.
 */
import { formatAmount } from '../ledger/money';
import type { Stored } from '../platform/data/stored-document';
import { NotFoundError } from '../platform/errors';
import type { PaidAccount } from './payables-port';
import type { RunDocuments } from './run-store';
import type { PaymentRunView } from './run-schemas';

export const paymentRunType = 'payment-run';
export const paymentRunChunkType = 'payment-run-chunk';
const vendorsPerChunk = 50;
const billsPerChunk = 1_000;
/** ACH moves US dollars: a run pays USD bills only. */
export const runCurrency = 'USD';

export type RunState = PaymentRunView['state'];
/** Where a processing run stands; each is persisted before the next begins. */
export type RunStep = 'file' | 'post' | 'notify' | 'release' | 'finalize';

export interface RunPaymentBill {
  readonly billId: string;
  readonly billNumber: string;
  readonly dueDate: string;
  readonly amountMinor: string;
  readonly discountMinor: string;
}

/** One payment per vendor: the bills it pays. */
export interface RunPayment {
  readonly vendorId: string;
  readonly vendorName: string;
  readonly bills: readonly RunPaymentBill[];
  readonly returned?: { readonly code: string; readonly date: string } | null;
}

export interface RunChunk {
  readonly runId: string;
  readonly index: number;
  readonly payments: readonly RunPayment[];
}

export interface PaymentRun {
  readonly state: RunState;
  readonly step: RunStep | null;
  /** The effective entry date: the requested pay date, or the next banking day when that is a weekend or Fed holiday. */
  readonly payDate: string;
  readonly requestedPayDate: string;
  readonly dueBy: string;
  readonly vendorIds: readonly string[] | null;
  readonly maxTotalMinor: string | null;
  readonly totalMinor: string;
  readonly discountMinor: string;
  readonly billCount: number;
  /** Bills due by the date that wait for a later run: their vendor's payment holds no more (maxBillsPerPayment). */
  readonly deferredBills: number;
  readonly vendorCount: number;
  readonly chunkCount: number;
  /** Every member who created or edited the proposal: none of them may approve it. */
  readonly drafters: readonly string[];
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  /** Execution progress: vendors (in proposal order) posted, remittance emails staged, reservations released. */
  readonly cursor: { readonly posted: number; readonly notified: number; readonly released: number };
  /** Vendors left out of the file, decided once when it was built. */
  readonly excluded: readonly { readonly vendorId: string; readonly vendorName: string; readonly reason: string }[];
  /** The account each paid vendor's entry went to, by vendor: kept on the bills' payments as their history. */
  readonly accounts: Readonly<Record<string, PaidAccount>>;
  readonly file: {
    readonly documentId: string;
    readonly sha256: string;
    readonly size: number;
    readonly entries: number;
    readonly totalMinor: string;
  } | null;
  readonly flagged: { readonly reason: string; readonly at: string } | null;
  readonly failure: string | null;
}

/** The proposal's payments as its chunk documents hold them, in proposal order. */
export function chunkPayments(payments: readonly RunPayment[]): RunPayment[][] {
  const chunks: RunPayment[][] = [];
  let bills = 0;
  for (const payment of payments) {
    const last = chunks.at(-1);
    if (last && last.length < vendorsPerChunk && bills + payment.bills.length <= billsPerChunk) {
      last.push(payment);
      bills += payment.bills.length;
    } else {
      chunks.push([payment]);
      bills = payment.bills.length;
    }
  }
  return chunks;
}

export const chunkId = (runId: string, index: number) => `${runId}-chunk-${index}`;
/** The run's own id without its prefix: the key of its deterministic ids (entries, payments, emails). */
export const runKey = (runId: string) => runId.slice('payment-run-'.length);

export async function readRun(store: RunDocuments, id: string): Promise<Stored<PaymentRun>> {
  const run = await store.findRun(id);
  if (!run) throw new NotFoundError(`No payment run with id ${id}`);
  return run;
}

export async function readPayments(store: RunDocuments, run: Stored<PaymentRun>): Promise<RunPayment[]> {
  return (await store.readChunks(run.id)).flatMap((chunk) => chunk.payments);
}

const usd = (minor: string | bigint) => formatAmount(BigInt(minor), runCurrency);
export const paymentAmount = (payment: RunPayment, field: 'amountMinor' | 'discountMinor') =>
  payment.bills.reduce((sum, bill) => sum + BigInt(bill[field]), 0n);

export function runView(run: Stored<PaymentRun>, payments?: readonly RunPayment[]): PaymentRunView {
  return {
    id: run.id,
    state: run.state,
    step: run.step,
    payDate: run.payDate,
    requestedPayDate: run.requestedPayDate,
    dueBy: run.dueBy,
    vendorIds: run.vendorIds ? [...run.vendorIds] : null,
    maxTotal: run.maxTotalMinor === null ? null : usd(run.maxTotalMinor),
    total: usd(run.totalMinor),
    discount: usd(run.discountMinor),
    billCount: run.billCount,
    deferredBills: run.deferredBills,
    vendorCount: run.vendorCount,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    approvedBy: run.approvedBy,
    approvedAt: run.approvedAt,
    progress: {
      vendorsPosted: run.cursor.posted,
      emailsQueued: run.cursor.notified,
      vendorsPaid: run.vendorCount - run.excluded.length,
    },
    excluded: run.excluded.map((each) => ({ ...each })),
    file: run.file ? { ...run.file, total: usd(run.file.totalMinor) } : null,
    flagged: run.flagged,
    failure: run.failure,
    ...(payments
      ? {
          payments: payments.map((payment) => ({
            vendorId: payment.vendorId,
            vendorName: payment.vendorName,
            amount: usd(paymentAmount(payment, 'amountMinor')),
            discount: usd(paymentAmount(payment, 'discountMinor')),
            bills: payment.bills.map((bill) => ({
              billId: bill.billId,
              billNumber: bill.billNumber,
              dueDate: bill.dueDate,
              amount: usd(bill.amountMinor),
              discount: usd(bill.discountMinor),
            })),
            returned: payment.returned ?? null,
          })),
        }
      : {}),
  };
}
