import { accountMonthExact, addAccountMonth } from './account-months';
import type { DimensionBalances } from './dimension-balances';
import { lastDayOf, previousMonth } from './ledger-dates';
import type { DateRange, FiguresStore } from './period-store';

/**
 * Adds to `balances` what was posted after `afterMonth` (after nothing: from the start) up to
 * and including `asOf`. A month whose period is marked `runningBalances` is read from its
 * account-month documents (one per account, days after `asOf` left out); any other month with a
 * period is read from its entries, as before running balances. A month without a period document
 * has no postings: since periods exist every post creates or counts its month's period in its
 * own batch, and a close creates the period it closes. Cost: one query for the periods, one for
 * the account-months, and the entries of unmarked months only, whatever the history's length.
 */
export async function addPostingsAfter(
  store: FiguresStore,
  balances: DimensionBalances,
  afterMonth: string | undefined,
  asOf: string,
): Promise<void> {
  const month = asOf.slice(0, 7);
  if (afterMonth !== undefined && afterMonth >= month) return;
  const periods = await store.listPeriods({ through: month, ...(afterMonth ? { after: afterMonth } : {}) });
  const marked = periods.filter((period) => period.runningBalances).map((period) => period.month);
  const documents = await store.accountMonths(marked);
  // A number Cosmos could not add exactly (account-months.ts) sends its month back to the entries.
  const inexact = new Set(documents.filter((document) => !accountMonthExact(document)).map((d) => d.month));
  for (const document of documents)
    if (!inexact.has(document.month))
      addAccountMonth(balances, document, document.month === month ? asOf.slice(8) : '31');
  const scanned = periods
    .filter((period) => !period.runningBalances || inexact.has(period.month))
    .map((period) => period.month);
  for (const entry of await store.postedEntries(monthRanges(scanned, asOf)))
    for (const line of entry.lines) {
      const amount = BigInt(line.amountMinor);
      balances.add(line, line.side === 'debit' ? amount : -amount);
    }
}

/** The months as date ranges (none after `asOf`), consecutive months as one, so the query stays short whatever the span. */
function monthRanges(months: readonly string[], asOf: string): Required<DateRange>[] {
  const ranges: Array<Required<DateRange>> = [];
  for (const month of [...months].sort()) {
    const last = ranges.at(-1);
    const to = lastDayOf(month) < asOf ? lastDayOf(month) : asOf;
    if (last && last.to.slice(0, 7) === previousMonth(month)) ranges[ranges.length - 1] = { from: last.from, to };
    else ranges.push({ from: `${month}-01`, to });
  }
  return ranges;
}
