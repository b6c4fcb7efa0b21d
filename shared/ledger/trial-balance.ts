import type { TenantContext } from '../platform/actor';
import { readBooks } from './books';
import { accountType, type Account, type LedgerDependencies } from './accounts';
import { formatAmount } from './money';
import { LedgerRepository } from './ledger-repository';
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
  const repository = await LedgerRepository.open(deps, context);
  const { baseCurrency } = await readBooks(repository);
  const currency = baseCurrency;
  const [balances, accounts] = await Promise.all([
    balancesAsOf(repository, asOf, filter),
    repository.queryAll<Account>(accountType, { orderBy: 'c.code ASC' }),
  ]);
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
