import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { backoff, TenantRepository, type TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError, PreconditionFailedError, ValidationError } from '../platform/errors';
import { accountType, type Account, type LedgerDependencies } from './accounts';
import { currencyProblem, readBooks, type Books } from './books';
import { stageNextEntryNumber } from './entry-numbers';
import { entryView, repositoryFor } from './journal-entries';
import type { JournalEntryView } from './schemas';
import { journalEntryType, reversalLinkType, type JournalEntry, type StoredLine } from './journal-entry';
import { periodId, periodType, stagePostingIntoPeriod } from './periods';
import { postingProblems, type EntryLine } from './posting-rules';

export const toEntryLines = (lines: readonly StoredLine[]): EntryLine[] =>
  lines.map((l) => ({ accountId: l.accountId, side: l.side, amount: BigInt(l.amountMinor) }));

/** A period is closed or locked only once its document says so; months without one are open. */
async function openPeriodCheck(
  repository: TenantRepository,
  dates: readonly string[],
): Promise<(date: string) => boolean> {
  const months = [...new Set(dates.map((date) => date.slice(0, 7)))];
  const periods = await Promise.all(
    months.map((month) => repository.find<{ status: string }>(periodType, periodId(month))),
  );
  const closed = new Set(months.filter((_, index) => periods[index] && periods[index].status !== 'open'));
  return (date) => !closed.has(date.slice(0, 7));
}

/**
 * Posts in one transaction: the entry becomes immutable with the next number from the
 * organisation's counter (replaced under its ETag, so numbers are gap-free and never reused),
 * and each account it touches counts the posting. Concurrent posts retry on the counter.
 */
export async function commitPosting(
  deps: LedgerDependencies,
  context: TenantContext,
  build: (
    repository: TenantRepository,
    books: Books,
  ) => Promise<{
    entryId: string;
    entry: JournalEntry;
    existing?: Stored<JournalEntry>;
    /** More writes of the same business operation (a reversal link, an audit record). */
    extra?: (t: TenantTransaction) => void | Promise<void>;
  }>,
): Promise<JournalEntryView> {
  const repository = await repositoryFor(deps, context);
  const books = await readBooks(repository);
  for (let attempt = 1; ; attempt += 1) {
    const { entryId, entry, existing, extra } = await build(repository, books);
    const lines = toEntryLines(entry.lines);
    const accountIds = [...new Set(lines.map((line) => line.accountId))];
    if (accountIds.length > 94)
      throw new ValidationError('Too many accounts in one entry', [
        { field: 'lines', reason: 'at most 94 distinct accounts' },
      ]);
    const accounts = await Promise.all(accountIds.map((id) => repository.find<Account>(accountType, id)));
    const byId = new Map(accounts.filter((a): a is Stored<Account> => !!a && !a.deleted).map((a) => [a.id, a]));
    const currency = currencyProblem(books, entry.currency);
    const problems = [
      ...(currency ? [currency] : []),
      ...postingProblems({ date: entry.date, lines }, byId, await openPeriodCheck(repository, [entry.date])),
    ];
    if (problems.length > 0) throw new ValidationError('The entry cannot be posted', problems);
    const transaction = repository.transaction();
    await stagePostingIntoPeriod(repository, transaction, entry.date);

    const number = await stageNextEntryNumber(repository, transaction);
    const now = deps.clock.now().toISOString();
    const posted: JournalEntry = { ...entry, status: 'posted', number, postedAt: now, postedBy: context.actor.id };
    if (existing) transaction.replace(existing, posted, { immutable: true });
    else transaction.create(journalEntryType, entryId, posted, { immutable: true });
    for (const account of byId.values()) {
      transaction.replace(account, {
        ...account,
        postingCount: account.postingCount + lines.filter((l) => l.accountId === account.id).length,
      });
    }
    await extra?.(transaction);
    try {
      await transaction.commit();
    } catch (error) {
      if (!(error instanceof PreconditionFailedError || error instanceof ConflictError) || attempt >= 30) throw error;
      await backoff(attempt);
      continue;
    }
    return entryView(repository, await repository.get<JournalEntry>(journalEntryType, entryId));
  }
}

/** Dual control (an organisation setting): designated actions need a drafter and a different approver. */
export async function dualControlOn(repository: TenantRepository): Promise<boolean> {
  return (await readBooks(repository)).dualControl;
}

export const reversalLink =
  (originalId: string, reversalId: string) =>
  (t: TenantTransaction): void => {
    t.create(reversalLinkType, `reversal-of-${originalId}`, { reversalId });
  };

/**
 * Posts a draft at once. Under dual control nobody does: a drafter submits it and another member
 * approves the version they reviewed (journal-approval.ts).
 */
export function postEntry(deps: LedgerDependencies, context: TenantContext, id: string): Promise<JournalEntryView> {
  return commitPosting(deps, context, async (repository, books) => {
    const existing = await repository.get<JournalEntry>(journalEntryType, id);
    if (existing.status === 'posted') throw new ConflictError(`Entry ${existing.number} is already posted`);
    if (books.dualControl)
      throw new ConflictError('Dual control is on: a drafter submits the entry and another member approves it');
    return {
      entryId: id,
      entry: existing,
      existing,
      ...(existing.reversalOf ? { extra: reversalLink(existing.reversalOf, id) } : {}),
    };
  });
}
