import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError, ValidationError, type FieldProblem } from '../platform/errors';
import { accountType, type Account } from './accounts';
import { accountMonthOperations } from './account-months';
import { currencyProblem, type Books } from './books';
import type { JournalEntry, StoredLine } from './journal-entry';
import { periodId, periodType } from './periods';
import { lineProblems, postingProblems, type EntryLine } from './posting-rules';
import type { Period } from './schemas';

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

/** The refusal of an entry with problems found early, naming also those its accounts and month have now. */
export async function detailedRefusal(
  repository: TenantRepository,
  entry: JournalEntry,
  early: readonly FieldProblem[],
): Promise<ValidationError> {
  const now = await entryProblems(repository, entry);
  return cannotPost([...early, ...now.filter((p) => !early.some((e) => e.field === p.field && e.reason === p.reason))]);
}

/**
 * A posting batch's check of one account: marks it as having postings (so it is never deleted),
 * and applies only while it is an active, undeleted account. It takes no ETag, so posts do not
 * race each other on it, while a delete or deactivation that read the account before the post
 * fails on its changed ETag and retries, and one committed first makes the post fail and be checked.
 */
export function stageAccountPosting(transaction: TenantTransaction, accountId: string): void {
  transaction.patch(
    accountType,
    accountId,
    [{ op: 'set', path: '/hasPostings', value: true }],
    "from c where c.type = 'account' and c.active = true and c.deleted = false",
  );
}

/** Every problem of an entry against the documents as they are now: its accounts (as its poster sees them) and its month. */
export async function entryProblems(
  repository: TenantRepository,
  entry: Pick<JournalEntry, 'date' | 'lines'>,
): Promise<FieldProblem[]> {
  const ids = [...new Set(entry.lines.map((line) => line.accountId))];
  const [accounts, period] = await Promise.all([
    Promise.all(ids.map((id) => repository.find<Account>(accountType, id))),
    repository.find<Period>(periodType, periodId(entry.date.slice(0, 7))),
  ]);
  const byId = new Map(accounts.filter((a): a is Stored<Account> => !!a && !a.deleted).map((a) => [a.id, a]));
  const open = !period || period.status === 'open';
  return postingProblems({ date: entry.date, lines: toEntryLines(entry.lines) }, byId, () => open);
}

/**
 * After a batch failed on a month (closed meanwhile) or an account (deleted or deactivated
 * meanwhile, or never there): the entries that concern it, checked again, with their problems.
 */
export async function refusalsAfterFailure<P extends { repository: TenantRepository; entry: JournalEntry }>(
  group: readonly P[],
  owner: { readonly month: string } | { readonly accountId: string },
): Promise<Map<P, Error>> {
  const concerned = group.filter((p) =>
    'month' in owner
      ? p.entry.date.startsWith(owner.month)
      : p.entry.lines.some((line) => line.accountId === owner.accountId),
  );
  const refusals = new Map<P, Error>();
  await Promise.all(
    concerned.map(async (p) => {
      const problems = await entryProblems(p.repository, p.entry);
      if (problems.length > 0) refusals.set(p, cannotPost(problems));
    }),
  );
  return refusals;
}
