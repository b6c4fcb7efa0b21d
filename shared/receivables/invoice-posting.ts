import type { JournalEntry, StoredLine } from '../ledger/journal-entry';
import type { ReceivablesSettings } from '../platform/organization/organization';
import type { Invoice } from './invoice';

type Side = 'debit' | 'credit';

/** Lines grouped by account, facility and division, amounts summed; zero amounts dropped. */
export function groupedLines(
  lines: ReadonlyArray<{
    accountId: string;
    side: Side;
    amount: bigint;
    facility: string | null;
    division: string | null;
  }>,
): StoredLine[] {
  const grouped = new Map<string, StoredLine & { total: bigint }>();
  for (const line of lines) {
    const key = JSON.stringify([line.accountId, line.side, line.facility, line.division]);
    const current = grouped.get(key);
    const total = (current?.total ?? 0n) + line.amount;
    grouped.set(key, {
      accountId: line.accountId,
      side: line.side,
      facility: line.facility,
      division: line.division,
      memo: null,
      amountMinor: total.toString(),
      total,
    });
  }
  return [...grouped.values()].filter((l) => l.total !== 0n).map(({ total: _total, ...line }) => line);
}

/**
 * The entry an invoice posts: debit the AR control account with the total, credit each revenue
 * account with its lines' amounts and sales tax payable with the tax. `reverse` gives the
 * mirror image (a void). AR and tax carry the invoice's facility and division, revenue the line's.
 */
export function invoiceEntry(
  invoice: Pick<Invoice, 'lines' | 'facility' | 'division' | 'totalMinor' | 'taxMinor' | 'currency'>,
  settings: ReceivablesSettings,
  invoiceId: string,
  options: { readonly date: string; readonly memo: string; readonly reverse?: boolean },
): JournalEntry {
  const flip = (side: Side): Side => (options.reverse ? (side === 'debit' ? 'credit' : 'debit') : side);
  const header = { facility: invoice.facility, division: invoice.division };
  const lines = groupedLines([
    { accountId: settings.arControlAccountId, side: flip('debit'), amount: BigInt(invoice.totalMinor), ...header },
    ...invoice.lines.map((line) => ({
      accountId: line.revenueAccountId,
      side: flip('credit'),
      amount: BigInt(line.amountMinor),
      facility: line.facility,
      division: line.division,
    })),
    { accountId: settings.salesTaxAccountId, side: flip('credit'), amount: BigInt(invoice.taxMinor), ...header },
  ]);
  return {
    status: 'draft',
    number: null,
    date: options.date,
    memo: options.memo,
    reference: invoiceId,
    currency: invoice.currency,
    lines,
    reversalOf: null,
    postedAt: null,
    postedBy: null,
  };
}
