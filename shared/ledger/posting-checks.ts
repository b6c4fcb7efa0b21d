import { ConflictError, ValidationError, type FieldProblem } from '../platform/errors';
import { accountMonthOperations } from './account-months';
import { currencyProblem, type Books } from './books';
import type { JournalEntry, StoredLine } from './journal-entry';
import { lineProblems, type EntryLine } from './posting-rules';

export const toEntryLines = (lines: readonly StoredLine[]): EntryLine[] =>
  lines.map((l) => ({ accountId: l.accountId, side: l.side, amount: BigInt(l.amountMinor) }));

export const cannotPost = (problems: readonly FieldProblem[]) =>
  new ValidationError('The entry cannot be posted', problems);

/**
 * A batch holds 100 operations. An entry alone needs its own, its audit record, the counter, the
 * audit head and its month, and per account a posting mark and its running balance (one patch
 * per five facility and division places).
 */
const maxAccountOperations = 90;

/**
 * What the entry and the organisation alone can tell: the currency, the line rules, the books'
 * start. Too many accounts, or books without a start, are refused outright.
 */
export function problemsAgainstBooks(books: Books, entry: JournalEntry): FieldProblem[] {
  if (!books.booksStartMonth) throw new ConflictError('The organisation has no books start month yet');
  const accounts = new Set(entry.lines.map((line) => line.accountId)).size;
  if (accounts + accountMonthOperations([entry]) > maxAccountOperations)
    throw new ValidationError('Too many accounts in one entry', [
      {
        field: 'lines',
        reason: `at most ${maxAccountOperations / 2} distinct accounts (fewer where an account has lines in more than five facility and division places)`,
      },
    ]);
  const currency = currencyProblem(books, entry.currency);
  return [
    ...(currency ? [currency] : []),
    ...lineProblems(toEntryLines(entry.lines)),
    ...(entry.date.slice(0, 7) < books.booksStartMonth
      ? [{ field: 'date', reason: 'the date is before the start of the books' }]
      : []),
  ];
}
