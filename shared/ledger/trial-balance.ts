import type { TenantContext } from '../platform/actor';
import type { LedgerDependencies } from './accounts';
import { formatAmount } from './money';
import { balancesAsOf } from './balance-snapshots';
import type { DimensionFilter } from './periods';
import type { TrialBalance, TrialBalanceRow } from './report-schemas';

/**
 * Every account with a balance as of the date, debit or credit column by sign. For the whole
 * organisation the columns total equal; a restricted member's figures are the lines in their
 * reach, which need not balance where an entry crosses into other facilities or divisions.
 */
export async function trialBalance(
  deps: LedgerDependencies,
  context: TenantContext,
  asOf: string,
  filter: DimensionFilter = {},
): Promise<TrialBalance> {
  const store = deps.figuresStoreFor(context);
  const { baseCurrency } = await store.readBooks();
  const currency = baseCurrency;
  const [balances, accounts] = await Promise.all([balancesAsOf(store, asOf, filter), store.listAccounts()]);
  let debit = 0n;
  let credit = 0n;
  const rows: TrialBalanceRow[] = [];
  for (const account of accounts) {
    const balance = balances.get(account.id) ?? 0n;
    if (balance === 0n) continue;
    if (balance > 0n) debit += balance;
    else credit -= balance;
    rows.push({
      accountId: account.id,
      parentId: account.parentId,
      code: account.code,
      name: account.name,
      type: account.accountType,
      debit: formatAmount(balance > 0n ? balance : 0n, currency),
      credit: formatAmount(balance < 0n ? -balance : 0n, currency),
    });
  }
  return {
    asOf,
    currency,
    rows,
    totals: { debit: formatAmount(debit, currency), credit: formatAmount(credit, currency) },
  };
}
