import { accountMonthExact, accountMonthType, addAccountMonth, type AccountMonth } from './account-months';
import type { DimensionBalances } from './dimension-balances';
import { lastDayOf, previousMonth } from './ledger-dates';
import type { EntryInFigures, LedgerRepository } from './ledger-repository';
import type { StoredPeriod } from './period-postings';
import { periodType } from './periods';

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
  repository: LedgerRepository,
  balances: DimensionBalances,
  afterMonth: string | undefined,
  asOf: string,
): Promise<void> {
  const month = asOf.slice(0, 7);
  if (afterMonth !== undefined && afterMonth >= month) return;
  const periods = await repository.queryAll<StoredPeriod>(periodType, {
    where: `c.month <= @to${afterMonth ? ' AND c.month > @after' : ''}`,
    parameters: [{ name: '@to', value: month }, ...(afterMonth ? [{ name: '@after', value: afterMonth }] : [])],
  });
  const marked = periods.filter((period) => period.runningBalances).map((period) => period.month);
  const documents =
    marked.length === 0
      ? []
      : await repository.queryAll<AccountMonth>(accountMonthType, {
          where: 'ARRAY_CONTAINS(@months, c.month)',
          parameters: [{ name: '@months', value: marked }],
        });
  // A number Cosmos could not add exactly (account-months.ts) sends its month back to the entries.
  const inexact = new Set(documents.filter((document) => !accountMonthExact(document)).map((d) => d.month));
  for (const document of documents)
    if (!inexact.has(document.month))
      addAccountMonth(balances, document, document.month === month ? asOf.slice(8) : '31');
  const scanned = periods
    .filter((period) => !period.runningBalances || inexact.has(period.month))
    .map((period) => period.month);
  for (const entry of await postedEntriesInMonths(repository, scanned, asOf))
    for (const line of entry.lines) {
      const amount = BigInt(line.amountMinor);
      balances.add(line, line.side === 'debit' ? amount : -amount);
    }
}

/** Posted entries dated in the months (none after `asOf`), each with the lines in the member's reach: one query. */
function postedEntriesInMonths(
  repository: LedgerRepository,
  months: readonly string[],
  asOf: string,
): Promise<EntryInFigures[]> {
  if (months.length === 0) return Promise.resolve([]);
  // Consecutive months make one date range, so the query stays short whatever the span.
  const ranges: Array<{ from: string; to: string }> = [];
  for (const month of [...months].sort()) {
    const last = ranges.at(-1);
    const to = lastDayOf(month) < asOf ? lastDayOf(month) : asOf;
    if (last && last.to.slice(0, 7) === previousMonth(month)) ranges[ranges.length - 1] = { from: last.from, to };
    else ranges.push({ from: `${month}-01`, to });
  }
  return repository.queryAllLines({
    where: `c.status = 'posted' AND (${ranges.map((_, i) => `(c.date >= @from${i} AND c.date <= @to${i})`).join(' OR ')})`,
    parameters: ranges.flatMap(({ from, to }, i) => [
      { name: `@from${i}`, value: from },
      { name: `@to${i}`, value: to },
    ]),
  });
}
