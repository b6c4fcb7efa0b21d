import type { TenantContext } from '../platform/actor';
import type { FieldCrypto } from '../platform/crypto/field-crypto';
import type { Stored } from '../platform/data/stored-document';
import { NotFoundError } from '../platform/errors';
import type { Account, LedgerDependencies } from './accounts';
import { openDetailCursor, sealDetailCursor, type DetailCursorBinding } from './detail-cursor';
import { formatAmount } from './money';
import { balancesAsOf } from './balance-snapshots';
import { dayBefore } from './ledger-dates';
import type { FiguresStore } from './period-store';
import type { DimensionFilter } from './periods';
import type { ReportRow } from './report-schemas';
import type { AccountType } from './schemas';

/**
 * Financial statements. Every figure comes from balances as of a date (latest snapshot plus
 * later postings), so a report costs the number of accounts plus the lines since the last close,
 * never the whole history; an activity over a range is the difference of two such balances.
 */
interface Context {
  readonly store: FiguresStore;
  readonly currency: string;
  readonly accounts: Stored<Account>[];
}

async function reportContext(deps: LedgerDependencies, context: TenantContext): Promise<Context> {
  const store = deps.figuresStoreFor(context);
  const { baseCurrency } = await store.readBooks();
  const accounts = await store.listAccounts();
  return { store, currency: baseCurrency, accounts };
}

/** Rows of one account type, signed so that the type's normal balance reads positive. */
function rowsOf(ctx: Context, balances: Map<string, bigint>, type: AccountType): { rows: ReportRow[]; total: bigint } {
  let total = 0n;
  const rows: ReportRow[] = [];
  for (const account of ctx.accounts.filter((a) => a.accountType === type)) {
    const raw = balances.get(account.id) ?? 0n;
    if (raw === 0n) continue;
    const amount = account.normalBalance === 'debit' ? raw : -raw;
    total += amount;
    rows.push({
      accountId: account.id,
      parentId: account.parentId,
      code: account.code,
      name: account.name,
      amount: formatAmount(amount, ctx.currency),
    });
  }
  return { rows, total };
}

export async function incomeStatement(
  deps: LedgerDependencies,
  context: TenantContext,
  range: { from: string; to: string } & DimensionFilter,
) {
  const ctx = await reportContext(deps, context);
  const [end, start] = await Promise.all([
    balancesAsOf(ctx.store, range.to, range),
    balancesAsOf(ctx.store, dayBefore(range.from), range),
  ]);
  const activity = new Map(
    [...new Set([...end.keys(), ...start.keys()])].map((id) => [id, (end.get(id) ?? 0n) - (start.get(id) ?? 0n)]),
  );
  // A year-end closing entry is not income or expense of the period: take it back out.
  const closings = await ctx.store.closingEntries({ from: range.from, to: range.to });
  for (const line of closings.flatMap((entry) => entry.lines)) {
    if (range.facility !== undefined && (line.facility ?? '') !== range.facility) continue;
    if (range.division !== undefined && (line.division ?? '') !== range.division) continue;
    const signed = line.side === 'debit' ? BigInt(line.amountMinor) : -BigInt(line.amountMinor);
    activity.set(line.accountId, (activity.get(line.accountId) ?? 0n) - signed);
  }
  const revenue = rowsOf(ctx, activity, 'revenue');
  const expenses = rowsOf(ctx, activity, 'expense');
  return {
    from: range.from,
    to: range.to,
    currency: ctx.currency,
    revenue: revenue.rows,
    expenses: expenses.rows,
    totals: {
      revenue: formatAmount(revenue.total, ctx.currency),
      expenses: formatAmount(expenses.total, ctx.currency),
      netIncome: formatAmount(revenue.total - expenses.total, ctx.currency),
    },
  };
}

export async function balanceSheet(
  deps: LedgerDependencies,
  context: TenantContext,
  at: { asOf: string } & DimensionFilter,
) {
  const ctx = await reportContext(deps, context);
  const balances = await balancesAsOf(ctx.store, at.asOf, at);
  const assets = rowsOf(ctx, balances, 'asset');
  const liabilities = rowsOf(ctx, balances, 'liability');
  const equity = rowsOf(ctx, balances, 'equity');
  // Income and expense not yet closed into retained earnings still belong to the owners.
  const earnings = rowsOf(ctx, balances, 'revenue').total - rowsOf(ctx, balances, 'expense').total;
  return {
    asOf: at.asOf,
    currency: ctx.currency,
    assets: assets.rows,
    liabilities: liabilities.rows,
    equity: equity.rows,
    unclosedEarnings: formatAmount(earnings, ctx.currency),
    totals: {
      assets: formatAmount(assets.total, ctx.currency),
      liabilitiesAndEquity: formatAmount(liabilities.total + equity.total + earnings, ctx.currency),
    },
  };
}

/**
 * One account's postings in a date range with a running balance, a page at a time. The
 * continuation token carries the running balance with the database's own cursor, sealed and
 * bound to this report (see detail-cursor.ts).
 */
export async function accountDetail(
  deps: LedgerDependencies & { readonly fieldCrypto: FieldCrypto },
  context: TenantContext,
  input: {
    accountId: string;
    from: string;
    to: string;
    pageSize?: number;
    continuationToken?: string;
  } & DimensionFilter,
) {
  const ctx = await reportContext(deps, context);
  const account = ctx.accounts.find((a) => a.id === input.accountId);
  if (!account) throw new NotFoundError(`No account with id ${input.accountId}`);
  const binding: DetailCursorBinding = {
    tenantId: context.tenantId,
    memberId: context.actor.id,
    restrictions: context.restrictions ?? {},
    accountId: account.id,
    from: input.from,
    to: input.to,
    ...(input.facility !== undefined ? { facility: input.facility } : {}),
    ...(input.division !== undefined ? { division: input.division } : {}),
  };
  const cursor = input.continuationToken
    ? openDetailCursor(deps.fieldCrypto, binding, input.continuationToken)
    : undefined;
  let running = cursor
    ? cursor.running
    : ((await balancesAsOf(ctx.store, dayBefore(input.from), input)).get(account.id) ?? 0n);
  const opening = running;
  const page = await ctx.store.accountEntries(
    account.id,
    { from: input.from, to: input.to },
    { size: input.pageSize ?? 100, ...(cursor ? { continuationToken: cursor.cosmos } : {}) },
  );
  const lines = page.items.flatMap((entry) =>
    entry.lines
      .filter((line) => line.accountId === account.id)
      .filter(
        (line) =>
          (input.facility === undefined || line.facility === input.facility) &&
          (input.division === undefined || line.division === input.division),
      )
      .map((line) => {
        const signed = line.side === 'debit' ? BigInt(line.amountMinor) : -BigInt(line.amountMinor);
        running += signed;
        return {
          entryId: entry.id,
          number: entry.number,
          date: entry.date,
          // An entry with lines out of the member's reach is not theirs to read, memo included.
          memo: line.memo ?? (entry.whole ? entry.memo : null),
          debit: formatAmount(line.side === 'debit' ? BigInt(line.amountMinor) : 0n, ctx.currency),
          credit: formatAmount(line.side === 'credit' ? BigInt(line.amountMinor) : 0n, ctx.currency),
          balance: formatAmount(running, ctx.currency),
        };
      }),
  );
  const next = page.continuationToken
    ? sealDetailCursor(deps.fieldCrypto, binding, { cosmos: page.continuationToken, running })
    : null;
  return {
    accountId: account.id,
    code: account.code,
    currency: ctx.currency,
    from: input.from,
    to: input.to,
    ...(cursor ? {} : { opening: formatAmount(opening, ctx.currency) }),
    lines,
    continuationToken: next,
  };
}
