import type { AccountType } from '../ledger/schemas';
import { ConflictError } from '../platform/errors';
import { translate } from './translation';

/**
 * The consolidated trial balance, as arithmetic only (no storage): each organisation's balances
 * mapped onto the parent's chart, translated into the parent's currency, the parent's
 * consolidation-only eliminations beside them, and the total. Amounts are bigint minor units,
 * debit positive. Why it balances: every organisation's column sums to zero (its books balance;
 * a translated column's difference is put to the translation-adjustment account), every
 * elimination balances, and nothing is dropped (an unmapped account is a row of its own).
 */
export interface ChartAccount {
  readonly code: string;
  readonly name: string;
  readonly type: AccountType;
}
export interface MemberBalance extends ChartAccount {
  readonly balance: bigint;
}
export interface ConsolidationMember {
  readonly name: string;
  readonly currency: string;
  readonly accounts: readonly MemberBalance[];
  /** The organisation's code -> the parent's code; otherwise the same code, if the parent has it. */
  readonly mapping: Readonly<Record<string, string>>;
}
export interface Rates {
  readonly closing: string;
  readonly average: string;
}
export interface ConsolidationInput {
  readonly currency: string;
  readonly chart: readonly ChartAccount[];
  /** The parent itself first, then each organisation sharing with it. */
  readonly members: readonly ConsolidationMember[];
  readonly rates: Readonly<Record<string, Rates>>;
  readonly translationAdjustmentCode: string | null;
  readonly eliminations: ReadonlyArray<{ readonly lines: ReadonlyArray<{ code: string; amount: bigint }> }>;
}
export interface ConsolidatedRow extends ChartAccount {
  readonly mapped: boolean;
  readonly amounts: bigint[];
  eliminations: bigint;
}
export interface Consolidation {
  readonly rows: ReadonlyArray<ConsolidatedRow & { readonly total: bigint }>;
  readonly unmapped: ReadonlyArray<{ member: number } & MemberBalance>;
  /** The rates each member was translated at (null: already in the parent's currency). */
  readonly rates: ReadonlyArray<Rates | null>;
  readonly debit: bigint;
  readonly credit: bigint;
}

/** Balance-sheet accounts at the closing rate, income and expense at the period's average (IAS 21). */
const rateFor = (rates: Rates, type: AccountType) =>
  type === 'revenue' || type === 'expense' ? rates.average : rates.closing;

export function consolidate(input: ConsolidationInput): Consolidation {
  const width = input.members.length;
  const rows = new Map<string, ConsolidatedRow>();
  const row = (key: string, account: ChartAccount, mapped: boolean): ConsolidatedRow => {
    let found = rows.get(key);
    if (!found) {
      found = { ...account, mapped, amounts: Array.from({ length: width }, () => 0n), eliminations: 0n };
      rows.set(key, found);
    }
    return found;
  };
  const chart = new Map(input.chart.map((account) => [account.code, account]));
  for (const account of [...input.chart].sort((a, b) => a.code.localeCompare(b.code))) row(account.code, account, true);

  const rates = input.members.map((member) => {
    if (member.currency === input.currency) return null;
    const entered = input.rates[member.currency];
    if (!entered)
      throw new ConflictError(
        `Enter closing and average rates for ${member.currency} (${member.name}) before consolidating`,
      );
    return entered;
  });
  const adjustmentCode = input.translationAdjustmentCode;
  if (rates.some(Boolean) && !adjustmentCode)
    throw new ConflictError('Choose the translation-adjustment equity account before consolidating other currencies');

  const unmapped: Array<{ member: number } & MemberBalance> = [];
  input.members.forEach((member, index) => {
    const memberRates = rates[index];
    let sum = 0n;
    for (const account of member.accounts) {
      if (account.balance === 0n) continue;
      const amount = memberRates
        ? translate(account.balance, rateFor(memberRates, account.type), member.currency, input.currency)
        : account.balance;
      const target = chart.get(member.mapping[account.code] ?? account.code);
      const into = target
        ? row(target.code, target, true)
        : row(`unmapped ${index} ${account.code}`, { ...account, name: `${member.name}: ${account.name}` }, false);
      if (!target) unmapped.push({ member: index, ...account });
      into.amounts[index]! += amount;
      sum += amount;
    }
    if (sum === 0n) return;
    if (!memberRates) throw new ConflictError(`The books of ${member.name} do not balance`);
    const adjustment = chart.get(adjustmentCode!) ?? {
      code: adjustmentCode!,
      name: 'Translation adjustment',
      type: 'equity',
    };
    row(adjustment.code, adjustment, true).amounts[index]! -= sum;
  });

  for (const elimination of input.eliminations)
    for (const line of elimination.lines) {
      const target = chart.get(line.code);
      if (!target) throw new ConflictError(`An elimination names account ${line.code}, which the parent's chart lacks`);
      row(target.code, target, true).eliminations += line.amount;
    }

  let debit = 0n;
  let credit = 0n;
  const totalled = [...rows.values()]
    .map((entry) => ({ ...entry, total: entry.amounts.reduce((a, b) => a + b, 0n) + entry.eliminations }))
    .filter((entry) => !entry.mapped || entry.eliminations !== 0n || entry.amounts.some((a) => a !== 0n));
  for (const { total } of totalled) {
    if (total > 0n) debit += total;
    else credit -= total;
  }
  return { rows: totalled, unmapped, rates, debit, credit };
}
