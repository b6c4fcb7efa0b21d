import { listAccounts } from '../ledger/accounts';
import { currencyExponent, parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ValidationError, type FieldProblem } from '../platform/errors';
import type { PortfolioDependencies } from './portfolio-dependencies';
import { consolidationSetupType } from './portfolio-documents';
import { consolidationSetup, type ConsolidationSetup } from './schemas';

export const consolidationSetupId = (month: string) => `portfolio-consolidation-${month}`;

/** A month's setup as stored, or the empty one (no rates, mappings or eliminations) until the parent enters one. */
export async function readConsolidationSetup(
  deps: PortfolioDependencies,
  context: TenantContext,
  month: string,
): Promise<ConsolidationSetup> {
  const stored = await deps.storeFor(context).findConsolidationSetup(consolidationSetupId(month));
  return consolidationSetup.parse(stored ?? {});
}

/** What is wrong with a setup against the parent's chart, currency and shares, field by field. */
function problemsOf(
  setup: ConsolidationSetup,
  chart: ReadonlyMap<string, string>,
  currency: string,
  shareIds: ReadonlySet<string>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const adjustment = setup.translationAdjustmentCode;
  if (adjustment !== null && chart.get(adjustment) !== 'equity')
    problems.push({ field: 'translationAdjustmentCode', reason: 'an equity account of your chart' });
  for (const code of Object.keys(setup.rates)) {
    try {
      currencyExponent(code);
    } catch {
      problems.push({ field: `rates.${code}`, reason: 'an ISO 4217 currency code' });
    }
  }
  for (const [shareId, mapping] of Object.entries(setup.mappings)) {
    if (!shareIds.has(shareId)) problems.push({ field: `mappings.${shareId}`, reason: 'a share of your organisation' });
    for (const [from, to] of Object.entries(mapping))
      if (!chart.has(to))
        problems.push({ field: `mappings.${shareId}.${from}`, reason: 'an account code of your chart' });
  }
  setup.eliminations.forEach((elimination, index) => {
    let balance = 0n;
    elimination.lines.forEach((line, lineIndex) => {
      const field = `eliminations.${index}.lines.${lineIndex}`;
      if (!chart.has(line.code)) problems.push({ field: `${field}.code`, reason: 'an account code of your chart' });
      try {
        const amount = parseAmount(line.amount, currency, `${field}.amount`);
        if (amount <= 0n) problems.push({ field: `${field}.amount`, reason: 'more than zero' });
        balance += line.side === 'debit' ? amount : -amount;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        problems.push(...error.problems);
      }
    });
    if (balance !== 0n) problems.push({ field: `eliminations.${index}`, reason: 'debits must equal credits' });
  });
  return problems;
}

/**
 * The parent's consolidation of a month: rates, mappings and eliminations. They live here only,
 * never in any organisation's books, and are checked against the parent's chart as entered.
 */
export async function setConsolidation(
  deps: PortfolioDependencies,
  context: TenantContext,
  month: string,
  setup: ConsolidationSetup,
): Promise<ConsolidationSetup> {
  const store = deps.storeFor(context);
  const [{ baseCurrency }, accounts, shares] = await Promise.all([
    store.readOrganization(),
    listAccounts(deps.ledger, context, { includeInactive: true }),
    store.listShares(),
  ]);
  if (!baseCurrency) throw new ConflictError('The organisation has no base currency set');
  const chart = new Map(accounts.map((account) => [account.code, account.type]));
  const problems = problemsOf(setup, chart, baseCurrency, new Set(shares.map((share) => share.id)));
  if (problems.length > 0) throw new ValidationError('The consolidation does not fit your chart', problems);
  const id = consolidationSetupId(month);
  await retryOnConflict('The consolidation', async () => {
    const current = await store.findConsolidationSetup(id);
    await store.saveConsolidationSetup(id, current, setup, {
      action: 'portfolio.consolidation-set',
      target: { type: consolidationSetupType, id },
      details: { month },
    });
  });
  return setup;
}
