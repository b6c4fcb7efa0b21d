import type { FieldProblem } from '../platform/errors';

export type Side = 'debit' | 'credit';

export interface EntryLine {
  readonly accountId: string;
  readonly side: Side;
  /** Integer minor units of the organisation's base currency; always positive. */
  readonly amount: bigint;
  readonly facility?: string;
  readonly division?: string;
  readonly memo?: string;
}

export interface PostableAccount {
  readonly active: boolean;
}

export function totals(lines: readonly EntryLine[]): { debits: bigint; credits: bigint } {
  let debits = 0n;
  let credits = 0n;
  for (const line of lines) {
    if (line.side === 'debit') debits += line.amount;
    else credits += line.amount;
  }
  return { debits, credits };
}

/** What an entry's lines alone can tell: at least two, every amount positive, debits equal to credits. */
export function lineProblems(lines: readonly EntryLine[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (lines.length < 2) problems.push({ field: 'lines', reason: 'an entry needs at least two lines' });
  lines.forEach((line, index) => {
    if (line.amount <= 0n) problems.push({ field: `lines.${index}.amount`, reason: 'must be greater than zero' });
  });
  const { debits, credits } = totals(lines);
  if (debits !== credits)
    problems.push({ field: 'lines', reason: `debits (${debits}) must equal credits (${credits}) in minor units` });
  return problems;
}

/**
 * Everything that stops an entry from posting, all at once (the client fixes one round, not
 * one error per round): the line rules above, every account known and active, and the entry's
 * date in an open period.
 */
export function postingProblems(
  entry: { readonly date: string; readonly lines: readonly EntryLine[] },
  accounts: ReadonlyMap<string, PostableAccount>,
  isPeriodOpen: (date: string) => boolean,
): FieldProblem[] {
  const problems = lineProblems(entry.lines);
  entry.lines.forEach((line, index) => {
    const account = accounts.get(line.accountId);
    if (!account) problems.push({ field: `lines.${index}.accountId`, reason: 'no such account' });
    else if (!account.active) problems.push({ field: `lines.${index}.accountId`, reason: 'the account is inactive' });
  });
  if (!isPeriodOpen(entry.date)) problems.push({ field: 'date', reason: 'the period for this date is closed' });
  return problems;
}

/** The lines of a reversing entry: every line flipped, nothing else changed. */
export function reversedLines<L extends { readonly side: Side }>(lines: readonly L[]): L[] {
  return lines.map((line) => ({ ...line, side: line.side === 'debit' ? 'credit' : 'debit' }));
}
