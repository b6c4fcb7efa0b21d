import { addLines, balancesAsOf, balancesFromEntries, postedEntriesBetween } from '../ledger/balance-snapshots';
import { DimensionBalances } from '../ledger/dimension-balances';
import { monthEnd } from '../ledger/ledger-dates';
import type { TenantContext } from '../platform/actor';
import { subledgerBalance } from '../receivables/ar-position';
import type { IntegrityDependencies } from './integrity-dependencies';

export const integrityChecks = [
  'trial-balance',
  'ar-subledger',
  'ap-subledger',
  'period-snapshots',
  'audit-chain',
] as const;
export type IntegrityCheck = (typeof integrityChecks)[number];

/** One check's verdict: `ok`, a `break` with what was found, or `not-applicable` (no such subledger set up). */
export interface CheckOutcome {
  readonly check: IntegrityCheck;
  readonly status: 'ok' | 'break' | 'not-applicable';
  readonly detail: string;
}

export type Check = (
  deps: IntegrityDependencies,
  context: TenantContext,
  asOf: string,
) => Promise<Omit<CheckOutcome, 'check'>>;
const money = (minor: bigint) => minor.toString();

/** Whether the organisation keeps books yet: a base currency and at least one account (one point read, one short query). */
export async function keepsBooks(deps: IntegrityDependencies, context: TenantContext): Promise<boolean> {
  const store = deps.storeFor(context);
  if (!(await store.findOrganization())?.baseCurrency) return false;
  return store.hasAccounts();
}

/**
 * Every posting's debits equal its credits, so all balances from the entries sum to zero; and
 * the running balances reports read equal those.
 */
const trialBalance: Check = async (deps, context, asOf) => {
  const figures = deps.figuresFor(context);
  const [balances, running] = await Promise.all([balancesFromEntries(figures, asOf), balancesAsOf(figures, asOf)]);
  const sum = [...balances.values()].reduce((total, amount) => total + amount, 0n);
  if (sum !== 0n)
    return { status: 'break', detail: `balances as of ${asOf} sum to ${money(sum)} minor units, not zero` };
  const differ = [...new Set([...balances.keys(), ...running.keys()])].filter(
    (id) => (balances.get(id) ?? 0n) !== (running.get(id) ?? 0n),
  );
  return differ.length === 0
    ? { status: 'ok', detail: `${balances.size} accounts sum to zero as of ${asOf}` }
    : { status: 'break', detail: `running balances differ from the entries for ${differ.join(', ')} as of ${asOf}` };
};

/** Open invoices less unapplied credits equal the AR control account's balance. */
const arSubledger: Check = async (deps, context, asOf) => {
  const settings = (await deps.storeFor(context).findOrganization())?.receivables;
  if (!settings) return { status: 'not-applicable', detail: 'receivables are not set up' };
  const subledger = await subledgerBalance(deps.receivables, context, asOf);
  const control = (await balancesAsOf(deps.figuresFor(context), asOf)).get(settings.arControlAccountId) ?? 0n;
  return subledger === control
    ? { status: 'ok', detail: `subledger and control account both ${money(control)} minor units as of ${asOf}` }
    : {
        status: 'break',
        detail: `subledger ${money(subledger)} but control account ${money(control)} minor units as of ${asOf}`,
      };
};

/** Each closed month's snapshot equals what its postings add up to, recomputed from the entries. */
const periodSnapshots: Check = async (deps, context) => {
  const figures = deps.figuresFor(context);
  const closed = await figures.listPeriods({ closed: true });
  const broken: string[] = [];
  for (const period of closed) {
    if (!period.snapshotVersion) continue;
    const snapshot = await figures.readSnapshot(period.month, period.snapshotVersion);
    const recomputed = new DimensionBalances();
    addLines(recomputed, await postedEntriesBetween(figures, null, monthEnd(period.month)));
    if (!snapshot || !sameBalances(snapshot, recomputed)) broken.push(period.month);
  }
  if (closed.length === 0) return { status: 'not-applicable', detail: 'no month is closed yet' };
  return broken.length === 0
    ? { status: 'ok', detail: `${closed.length} closed months match their postings` }
    : { status: 'break', detail: `snapshots differ from postings for ${broken.join(', ')}` };
};

function sameBalances(a: DimensionBalances, b: DimensionBalances): boolean {
  const rows = (balances: DimensionBalances) =>
    new Map(
      [...balances.entries()]
        .filter((e) => e.amount !== 0n)
        .map((e) => [JSON.stringify([e.accountId, e.facility, e.division]), e.amount]),
    );
  const [left, right] = [rows(a), rows(b)];
  return left.size === right.size && [...left].every(([key, amount]) => right.get(key) === amount);
}

/** The audit log's hash chain verifies from its first record to its head. */
const auditChain: Check = async (deps, context) => {
  const verdict = await deps.storeFor(context).verifyAuditChain();
  return verdict.ok
    ? { status: 'ok', detail: `${verdict.count} records chain correctly` }
    : { status: 'break', detail: `${verdict.problem} at sequence ${verdict.sequence}` };
};

export const checks = (apSubledger: Check): Record<IntegrityCheck, Check> => ({
  'trial-balance': trialBalance,
  'ar-subledger': arSubledger,
  'ap-subledger': apSubledger,
  'period-snapshots': periodSnapshots,
  'audit-chain': auditChain,
});
