import { dayBefore } from '../ledger/ledger-dates';
import { formatAmount } from '../ledger/money';
import { ValidationError } from '../platform/errors';
import type { CustomerStatementDocument } from '../platform/pdf/customer-statement';
import { ageByCustomer, agingBuckets, bucketLabels } from './aging';
import { arPosition, balanceOf } from './ar-position';
import { creditNoteNumber } from './credits';
import { readCustomer, type Customer } from './customers';
import type { ReceivablesStore } from './receivables-store';

export interface StatementLine {
  readonly date: string;
  readonly kind: 'Invoice' | 'Receipt' | 'Credit note';
  readonly reference: string;
  readonly chargesMinor: bigint;
  readonly creditsMinor: bigint;
}

export interface Statement {
  readonly customer: Customer & { readonly id: string };
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly openingMinor: bigint;
  readonly lines: ReadonlyArray<StatementLine & { readonly balanceMinor: bigint }>;
  readonly closingMinor: bigint;
  readonly overdueMinor: bigint;
  readonly aging: ReturnType<typeof ageByCustomer>[number] | undefined;
}

/**
 * A customer's statement for a date range: the balance before it, every invoice, void, receipt,
 * credit note and refund in it with a running balance, the closing balance, and the aging on the
 * last day. The closing balance is the opening plus the activity, and equals the aging's balance
 * for the customer on `to` (both are the same documents read by date).
 */
export async function buildStatement(
  store: ReceivablesStore,
  customerId: string,
  from: string,
  to: string,
): Promise<Statement> {
  if (from > to) throw new ValidationError('Invalid range', [{ field: 'from', reason: 'on or before `to`' }]);
  const { baseCurrency: currency } = await store.readBooks();
  const customer = await readCustomer(store, customerId);
  const [opening, closing, { invoices, receipts, creditNotes: notes }] = await Promise.all([
    arPosition(store, dayBefore(from), customerId),
    arPosition(store, to, customerId),
    store.readStatementActivity(customerId, to),
  ]);
  const within = (date: string | null): date is string => date !== null && date >= from && date <= to;
  const lines: StatementLine[] = [
    ...invoices.flatMap((i) => [
      ...(within(i.issueDate) ? [line(i.issueDate, 'Invoice', `Invoice ${i.number}`, BigInt(i.totalMinor), 0n)] : []),
      ...(within(i.voidDate)
        ? [line(i.voidDate, 'Invoice', `Void of invoice ${i.number}`, 0n, BigInt(i.totalMinor))]
        : []),
    ]),
    ...[
      ...receipts.map((c) => ['Receipt', c, c.id] as const),
      ...notes.map((c) => ['Credit note', c, creditNoteNumber(c.number)] as const),
    ].flatMap(([kind, c, reference]) => [
      ...(within(c.date) ? [line(c.date, kind, reference, 0n, BigInt(c.amountMinor))] : []),
      ...c.refunds
        .filter((r) => within(r.date))
        .map((r) => line(r.date, kind, `Refund of ${reference}`, BigInt(r.amountMinor), 0n)),
    ]),
  ].sort((a, b) => a.date.localeCompare(b.date));
  let balance = balanceOf(opening);
  const running = lines.map((l) => ({ ...l, balanceMinor: (balance += l.chargesMinor - l.creditsMinor) }));
  const aging = ageByCustomer(closing, to)[0];
  return {
    customer,
    from,
    to,
    currency,
    openingMinor: balanceOf(opening),
    lines: running,
    closingMinor: balance,
    overdueMinor: aging ? aging.openMinor - aging.buckets.current : 0n,
    aging,
  };
}

function line(
  date: string,
  kind: StatementLine['kind'],
  reference: string,
  charges: bigint,
  credits: bigint,
): StatementLine {
  return { date, kind, reference, chargesMinor: charges, creditsMinor: credits };
}

/** The statement as the API and the PDF show it: amounts as decimal strings. */
export function statementDocument(statement: Statement): CustomerStatementDocument {
  const money = (minor: bigint) => formatAmount(minor, statement.currency);
  return {
    customer: { name: statement.customer.name, address: statement.customer.address },
    from: statement.from,
    to: statement.to,
    currency: statement.currency,
    openingBalance: money(statement.openingMinor),
    activity: statement.lines.map((l) => ({
      date: l.date,
      kind: l.kind,
      reference: l.reference,
      charges: money(l.chargesMinor),
      credits: money(l.creditsMinor),
      balance: money(l.balanceMinor),
    })),
    closingBalance: money(statement.closingMinor),
    aging: agingBuckets.map((bucket) => [bucketLabels[bucket], money(statement.aging?.buckets[bucket] ?? 0n)] as const),
  };
}
