import { formatAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { arPosition, type ArPosition } from './ar-position';
import { daysBetween } from './payment-terms';
import type { ReceivablesDependencies } from './receivables-dependencies';

export const agingBuckets = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'] as const;
export type AgingBucket = (typeof agingBuckets)[number];
export const bucketLabels: Record<AgingBucket, string> = {
  current: 'Current',
  days1to30: '1-30',
  days31to60: '31-60',
  days61to90: '61-90',
  over90: 'Over 90',
};

/** How long past due an invoice is on a date: not yet due is current, then 1-30, 31-60, 61-90, over 90 days. */
export function bucketOf(dueDate: string, asOf: string): AgingBucket {
  const late = daysBetween(dueDate, asOf);
  if (late <= 0) return 'current';
  if (late <= 30) return 'days1to30';
  if (late <= 60) return 'days31to60';
  if (late <= 90) return 'days61to90';
  return 'over90';
}

export interface CustomerAging {
  readonly customerId: string;
  readonly name: string;
  readonly buckets: Record<AgingBucket, bigint>;
  readonly openMinor: bigint;
  readonly unappliedMinor: bigint;
  /** What the customer owes on balance: open invoices less unapplied credit. */
  readonly balanceMinor: bigint;
}

const emptyBuckets = (): Record<AgingBucket, bigint> => ({
  current: 0n,
  days1to30: 0n,
  days31to60: 0n,
  days61to90: 0n,
  over90: 0n,
});

/** The position by customer, bucketed; customers with nothing open and no credit are left out. */
export function ageByCustomer(position: ArPosition, asOf: string): CustomerAging[] {
  const rows = new Map<string, { name: string; buckets: Record<AgingBucket, bigint>; unapplied: bigint }>();
  const row = (customerId: string, name: string) => {
    let found = rows.get(customerId);
    if (!found) rows.set(customerId, (found = { name, buckets: emptyBuckets(), unapplied: 0n }));
    return found;
  };
  for (const { invoice, openMinor } of position.invoices)
    row(invoice.customerId, invoice.customerName).buckets[bucketOf(invoice.dueDate, asOf)] += openMinor;
  for (const { credit, unappliedMinor } of position.credits)
    row(credit.customerId, credit.customerName).unapplied += unappliedMinor;
  return [...rows.entries()]
    .map(([customerId, { name, buckets, unapplied }]) => {
      const openMinor = agingBuckets.reduce((sum, bucket) => sum + buckets[bucket], 0n);
      return { customerId, name, buckets, openMinor, unappliedMinor: unapplied, balanceMinor: openMinor - unapplied };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.customerId.localeCompare(b.customerId));
}

/** AR aging as of a date, by customer, with totals; amounts as decimal strings. Restrictions apply. */
export async function arAging(
  deps: ReceivablesDependencies,
  context: TenantContext,
  asOf: string,
  customerId?: string,
) {
  const store = deps.storeFor(context);
  const { baseCurrency: currency } = await store.readBooks();
  const rows = ageByCustomer(await arPosition(store, asOf, customerId), asOf);
  const money = (minor: bigint) => formatAmount(minor, currency);
  const figures = (r: Omit<CustomerAging, 'customerId' | 'name'>) =>
    ({
      ...Object.fromEntries(agingBuckets.map((bucket) => [bucket, money(r.buckets[bucket])])),
      open: money(r.openMinor),
      unappliedCredit: money(r.unappliedMinor),
      balance: money(r.balanceMinor),
    }) as Record<AgingBucket | 'open' | 'unappliedCredit' | 'balance', string>;
  const totals = rows.reduce(
    (sum, r) => ({
      buckets: Object.fromEntries(agingBuckets.map((b) => [b, sum.buckets[b] + r.buckets[b]])) as Record<
        AgingBucket,
        bigint
      >,
      openMinor: sum.openMinor + r.openMinor,
      unappliedMinor: sum.unappliedMinor + r.unappliedMinor,
      balanceMinor: sum.balanceMinor + r.balanceMinor,
    }),
    { buckets: emptyBuckets(), openMinor: 0n, unappliedMinor: 0n, balanceMinor: 0n },
  );
  return {
    asOf,
    currency,
    customers: rows.map((r) => ({ customerId: r.customerId, name: r.name, ...figures(r) })),
    totals: figures(totals),
  };
}
export type ArAging = Awaited<ReturnType<typeof arAging>>;
