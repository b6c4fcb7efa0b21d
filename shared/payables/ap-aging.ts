import { formatAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import type { AgingQuery, AgingReport } from './aging-schemas';
import type { Bill } from './bill';
import type { BillStore } from './bill-store';
import type { PayablesStores } from './payables-dependencies';

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

export function bucketNames(bounds: readonly number[]): string[] {
  return [
    'current',
    ...bounds.map((upper, i) => `${i === 0 ? 1 : bounds[i - 1]! + 1}-${upper}`),
    `over ${bounds.at(-1)}`,
  ];
}

/** Which bucket a bill falls in on `asOf`: 0 while not past due, then by the days past due. */
export function bucketOf(bounds: readonly number[], dueDate: string, asOf: string): number {
  const late = daysBetween(dueDate, asOf);
  if (late <= 0) return 0;
  const index = bounds.findIndex((upper) => late <= upper);
  return index === -1 ? bounds.length + 1 : index + 1;
}

/**
 * What each bill (and, negative, each vendor credit) was still owed on `asOf`, from history:
 * posted on or before it and not voided by then, less the payments and credits applied by then
 * (a payment returned by then counts as not made). This is what the AP control account's balance
 * on that date is made of (test/payables/ap-subledger.test.ts proves it).
 */
export async function openAmountsAsOf(
  store: Pick<BillStore, 'agingDocuments'>,
  asOf: string,
): Promise<{ documents: { bill: Bill & { id: string }; open: bigint }[]; documentsRead: number }> {
  const { bills, payments, applications } = await store.agingDocuments(asOf);
  const settled = new Map<string, bigint>();
  const add = (id: string, amount: bigint) => settled.set(id, (settled.get(id) ?? 0n) + amount);
  for (const payment of payments)
    if (!payment.returned || payment.returned.date > asOf)
      add(payment.billId, BigInt(payment.amountMinor) + BigInt(payment.discountMinor));
  for (const application of applications) {
    add(application.billId, BigInt(application.amountMinor));
    add(application.creditId, BigInt(application.amountMinor));
  }
  return {
    documents: bills.map((bill) => {
      const open = BigInt(bill.totalMinor) - (settled.get(bill.id) ?? 0n);
      return { bill, open: bill.kind === 'credit' ? -open : open };
    }),
    documentsRead: bills.length + payments.length + applications.length,
  };
}

/**
 * The AP aging on any date: open bills by vendor in buckets of days past due (credits count
 * against their vendor, as current), with totals. The member's restrictions apply (bills out of
 * reach are not read); a facility or division filter keeps the bills whose every line has it.
 */
export async function apAging(
  deps: Pick<PayablesStores, 'storeFor'>,
  context: TenantContext,
  query: AgingQuery,
): Promise<AgingReport> {
  const store = deps.storeFor(context);
  const { baseCurrency } = await store.readBooks();
  const { documents, documentsRead } = await openAmountsAsOf(store, query.asOf);
  const names = bucketNames(query.buckets);
  const rows = new Map<string, { buckets: bigint[]; bills: number }>();
  for (const { bill, open } of documents) {
    if (open === 0n) continue;
    if (
      !bill.lines.every(
        (l) => (!query.facility || l.facility === query.facility) && (!query.division || l.division === query.division),
      )
    )
      continue;
    const row = rows.get(bill.vendorId) ?? { buckets: names.map(() => 0n), bills: 0 };
    const bucket = bill.kind === 'credit' ? 0 : bucketOf(query.buckets, bill.dueDate, query.asOf);
    row.buckets[bucket] = row.buckets[bucket]! + open;
    row.bills += 1;
    rows.set(bill.vendorId, row);
  }
  const vendorNames = await store.vendorNames([...rows.keys()]);
  const money = (minor: bigint) => formatAmount(minor, baseCurrency);
  const totals = names.map((_, i) => [...rows.values()].reduce((sum, row) => sum + row.buckets[i]!, 0n));
  const vendors = [...rows.entries()]
    .map(([vendorId, row]) => ({
      vendorId,
      name: vendorNames.get(vendorId) ?? vendorId,
      buckets: row.buckets.map(money),
      total: money(row.buckets.reduce((a, b) => a + b, 0n)),
      bills: row.bills,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    asOf: query.asOf,
    currency: baseCurrency,
    buckets: names,
    vendors,
    totals: { buckets: totals.map(money), total: money(totals.reduce((a, b) => a + b, 0n)) },
    documentsRead: documentsRead + vendorNames.size,
  };
}
