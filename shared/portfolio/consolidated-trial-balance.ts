import { listAccounts } from '../ledger/accounts';
import { formatAmount, parseAmount } from '../ledger/money';
import { trialBalance } from '../ledger/trial-balance';
import type { TenantContext } from '../platform/actor';
import { readOwnerBalances, type OwnerBalances } from './across-tenants';
import { consolidate, type ConsolidationMember } from './consolidation';
import { readConsolidationSetup } from './consolidation-setup';
import type { PortfolioDependencies } from './portfolio-dependencies';
import { consolidationSetupType } from './portfolio-documents';
import type { ConsolidatedTrialBalance } from './schemas';
import { balanceDate } from './shares';

/** Owners read at once: each is its own partition, so they do not contend; ten bounds the fan-out. */
const concurrentReads = 10;

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size)
    results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return results;
}

/**
 * The parent's consolidated trial balance for a month: its own books and every organisation
 * sharing with it (each read through the cross-tenant reader, which checks the grant and records
 * the read in the owner's log; the parent's log gets one record naming every owner read), mapped,
 * translated and eliminated as the month's setup says.
 */
export async function consolidatedTrialBalance(
  deps: PortfolioDependencies,
  context: TenantContext,
  month: string,
): Promise<ConsolidatedTrialBalance> {
  const store = deps.storeFor(context);
  const { asOf, monthToDate } = balanceDate(month, deps.clock.now().toISOString().slice(0, 10));
  const [organization, setup, own, chart, shares] = await Promise.all([
    store.readOrganization(),
    readConsolidationSetup(deps, context, month),
    trialBalance(deps.ledger, context, asOf),
    listAccounts(deps.ledger, context, { includeInactive: true }),
    store.listShares('active'),
  ]);
  const currency = own.currency;
  const reads: OwnerBalances[] = await inBatches(shares, concurrentReads, (share) =>
    readOwnerBalances(deps, context, share, { month, asOf, monthToDate }),
  );
  await store.appendAudit({
    action: 'portfolio.balances-read',
    target: { type: consolidationSetupType, id: `consolidation-${month}` },
    details: { month, asOf, owners: shares.map((share) => share.ownerName).join(', ') },
  });
  const parent: ConsolidationMember = {
    name: organization.name,
    currency,
    mapping: {},
    accounts: own.rows.map((row) => ({
      code: row.code,
      name: row.name,
      type: row.type,
      balance: parseAmount(row.debit, currency) - parseAmount(row.credit, currency),
    })),
  };
  const members: ConsolidationMember[] = [
    parent,
    ...shares.map((share, index) => ({
      name: share.ownerName,
      currency: reads[index]!.currency,
      accounts: reads[index]!.accounts,
      mapping: setup.mappings[share.id] ?? {},
    })),
  ];
  const result = consolidate({
    currency,
    chart: chart.map(({ code, name, type }) => ({ code, name, type })),
    members,
    rates: setup.rates,
    translationAdjustmentCode: setup.translationAdjustmentCode,
    eliminations: setup.eliminations.map((elimination) => ({
      lines: elimination.lines.map((line) => ({
        code: line.code,
        amount: (line.side === 'debit' ? 1n : -1n) * parseAmount(line.amount, currency),
      })),
    })),
  });
  const money = (amount: bigint) => formatAmount(amount, currency);
  return {
    month,
    asOf,
    currency,
    organisations: members.map((member, index) => ({
      name: member.name,
      currency: member.currency,
      rates: result.rates[index] ?? null,
    })),
    rows: result.rows.map((row) => ({
      code: row.code,
      name: row.name,
      type: row.type,
      mapped: row.mapped,
      amounts: row.amounts.map(money),
      eliminations: money(row.eliminations),
      total: money(row.total),
    })),
    unmapped: result.unmapped.map((account) => ({
      organisation: members[account.member]!.name,
      code: account.code,
      name: account.name,
      balance: formatAmount(account.balance, members[account.member]!.currency),
      currency: members[account.member]!.currency,
    })),
    totals: { debit: money(result.debit), credit: money(result.credit) },
  };
}
