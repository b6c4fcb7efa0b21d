import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import type { FieldProblem, ValidationError } from '../platform/errors';
import { accountType, type Account } from './accounts';
import { counterId, counterType, type EntryCounter } from './entry-numbers';
import { journalEntryType, reversalLinkType, type JournalEntry } from './journal-entry';
import type { JournalPosting } from './journal-store';
import { periodId, periodType } from './periods';
import { cannotPost, toEntryLines } from './posting-checks';
import { postingProblems } from './posting-rules';
import type { Period } from './schemas';

/**
 * One entry to post through the lane, written through its poster's own repository (it applies
 * their restrictions and attributes the writes to them). Domains that post with writes of their
 * own (a bill, an invoice) stage them into the same batch.
 */
export interface PostingRequest extends Omit<JournalPosting, 'reverses'> {
  readonly repository: TenantRepository;
  readonly context: TenantContext;
  /** More writes of the same business operation (a reversal link, an idempotency record, a bill). */
  readonly stage?: (transaction: TenantTransaction) => void;
  /**
   * A document numbered from a gap-free counter of its own in the same batch (an invoice gets
   * its invoice number with the entry that posts it): the lane reads each counter once per group.
   */
  readonly numbered?: {
    readonly counter: string;
    readonly stage: (transaction: TenantTransaction, number: number) => void;
  };
}

/**
 * The writes that post one entry with its number, in its poster's name: the entry, final, and
 * its audit record (chained when the batch commits). Throws what the poster's repository refuses
 * (lines outside a restricted member's reach, a draft already final).
 */
export function postedEntryWrites(request: PostingRequest, number: number, now: Date): TenantTransaction {
  const { repository, context, entry, entryId, existing, audit } = request;
  const posted: JournalEntry = {
    ...entry,
    status: 'posted',
    number,
    postedAt: now.toISOString(),
    postedBy: context.actor.id,
  };
  const writes = repository.transaction();
  if (existing) writes.replace(existing, posted, { immutable: true });
  else writes.create(journalEntryType, entryId, posted, { immutable: true });
  const target = { type: 'journal-entry', id: entryId };
  const details = { number, ...audit.details };
  writes.audit({ context, entry: { action: audit.action, target, details }, at: now });
  request.stage?.(writes);
  return writes;
}

/** Links an original to its reversal; the link's fixed id makes a second reversal of one entry collide and fail whole. */
export const reversalLink =
  (originalId: string, reversalId: string) =>
  (t: TenantTransaction): void => {
    t.create(reversalLinkType, `reversal-of-${originalId}`, { reversalId });
  };

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

/**
 * Stages the organisation's next entry number into a transaction. The counter is replaced under
 * its ETag (or created once), so of two transactions that read the same number only one commits:
 * numbers are gap-free and never reused, whichever path posts (a post, a close, a reopen).
 * Posts take their numbers several at a time in the posting lane (cosmos-posting-lane.ts).
 */
export async function stageNextEntryNumber(
  repository: TenantRepository,
  transaction: TenantTransaction,
): Promise<number> {
  const counter = await repository.find<EntryCounter>(counterType, counterId);
  const number = (counter?.last ?? 0) + 1;
  if (counter) transaction.replace(counter, { last: number });
  else transaction.create(counterType, counterId, { last: number });
  return number;
}
