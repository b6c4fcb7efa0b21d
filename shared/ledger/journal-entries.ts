import type { TenantContext } from '../platform/actor';
import { runIdempotent } from '../platform/data/idempotency';
import type { Stored } from '../platform/data/stored-document';
import { backoff, TenantRepository, type TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError, ForbiddenError, PreconditionFailedError, ValidationError } from '../platform/errors';
import { accountType, type Account, type LedgerDependencies } from './accounts';
import { formatAmount, parseAmount } from './money';
import { journalEntryType, type JournalEntry, type StoredLine } from './journal-entry';
import { periodId, periodType, stagePostingIntoPeriod } from './periods';
import { postingProblems, reversedLines, type EntryLine, type Side } from './posting-rules';

const counterType = 'journal-entry-counter';
const counterId = 'journal-entry-counter';
const reversalLinkType = 'journal-reversal';

export interface LineInput {
  readonly accountId: string;
  readonly side: Side;
  /** Decimal string in the entry's currency, e.g. "1234.50". */
  readonly amount: string;
  readonly facility?: string | null;
  readonly division?: string | null;
  readonly memo?: string | null;
}

export interface DraftInput {
  readonly date: string;
  readonly memo: string;
  readonly reference?: string | null;
  readonly currency: string;
  readonly lines: readonly LineInput[];
}

export interface JournalEntryView extends Omit<JournalEntry, 'lines'> {
  readonly id: string;
  readonly lines: ReadonlyArray<Omit<StoredLine, 'amountMinor'> & { amount: string }>;
  readonly reversedBy: string | null;
}

const repositoryFor = (deps: LedgerDependencies, context: TenantContext) =>
  new TenantRepository(deps.container, context, deps.clock);

function toStoredLines(lines: readonly LineInput[], currency: string): StoredLine[] {
  return lines.map((line, index) => ({
    accountId: line.accountId,
    side: line.side,
    amountMinor: parseAmount(line.amount, currency, `lines.${index}.amount`).toString(),
    facility: line.facility ?? null,
    division: line.division ?? null,
    memo: line.memo ?? null,
  }));
}

const toEntryLines = (lines: readonly StoredLine[]): EntryLine[] =>
  lines.map((l) => ({ accountId: l.accountId, side: l.side, amount: BigInt(l.amountMinor) }));

async function view(repository: TenantRepository, entry: Stored<JournalEntry>): Promise<JournalEntryView> {
  const link =
    entry.status === 'posted'
      ? await repository.find<{ reversalId: string }>(reversalLinkType, `reversal-of-${entry.id}`)
      : undefined;
  const { lines, status, number, date, memo, reference, currency, reversalOf, postedAt, postedBy } = entry;
  return {
    id: entry.id,
    status,
    number,
    date,
    memo,
    reference,
    currency,
    reversalOf,
    postedAt,
    postedBy,
    reversedBy: link?.reversalId ?? null,
    lines: lines.map(({ amountMinor, ...rest }) => ({ ...rest, amount: formatAmount(BigInt(amountMinor), currency) })),
  };
}

/** Creates a draft; the same Idempotency-Key always yields the first draft, never a second. */
export async function createDraft(
  deps: LedgerDependencies,
  context: TenantContext,
  input: DraftInput,
  idempotencyKey?: string,
): Promise<JournalEntryView> {
  const repository = repositoryFor(deps, context);
  const draft: JournalEntry = {
    status: 'draft',
    number: null,
    date: input.date,
    memo: input.memo,
    reference: input.reference ?? null,
    currency: input.currency,
    lines: toStoredLines(input.lines, input.currency),
    reversalOf: null,
    postedAt: null,
    postedBy: null,
  };
  const write = (transaction: TenantTransaction) => {
    const id = `je-${deps.ids.newId()}`;
    transaction.create(journalEntryType, id, draft);
    return { id };
  };
  let id: string;
  if (idempotencyKey) {
    ({ id } = (
      await runIdempotent(repository, 'journal-entries.create', idempotencyKey, input, async (transaction) =>
        write(transaction),
      )
    ).result);
  } else {
    const transaction = repository.transaction();
    ({ id } = write(transaction));
    await transaction.commit();
  }
  return view(repository, await repository.get<JournalEntry>(journalEntryType, id));
}

export async function updateDraft(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
  input: DraftInput,
): Promise<JournalEntryView> {
  const repository = repositoryFor(deps, context);
  const updated = await repository.update<JournalEntry>(journalEntryType, id, (current) => {
    if (current.status !== 'draft') throw new ConflictError('A posted entry is never edited; reverse it instead');
    if (current.reversalOf) throw new ConflictError('A drafted reversal mirrors its original and cannot be edited');
    return {
      ...current,
      date: input.date,
      memo: input.memo,
      reference: input.reference ?? null,
      currency: input.currency,
      lines: toStoredLines(input.lines, input.currency),
    };
  });
  return view(repository, updated);
}

export async function getEntry(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
): Promise<JournalEntryView> {
  const repository = repositoryFor(deps, context);
  return view(repository, await repository.get<JournalEntry>(journalEntryType, id));
}

export async function listEntries(
  deps: LedgerDependencies,
  context: TenantContext,
  page: { continuationToken?: string; pageSize?: number },
) {
  const repository = repositoryFor(deps, context);
  const result = await repository.query<JournalEntry>(journalEntryType, {
    orderBy: 'c.date DESC',
    maxItemCount: page.pageSize ?? 50,
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  });
  return {
    items: await Promise.all(result.items.map((entry) => view(repository, entry))),
    continuationToken: result.continuationToken ?? null,
  };
}

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
async function commitPosting(
  deps: LedgerDependencies,
  context: TenantContext,
  build: (repository: TenantRepository) => Promise<{
    entryId: string;
    entry: JournalEntry;
    existing?: Stored<JournalEntry>;
    extra?: (t: TenantTransaction) => void;
  }>,
): Promise<JournalEntryView> {
  const repository = repositoryFor(deps, context);
  for (let attempt = 1; ; attempt += 1) {
    const { entryId, entry, existing, extra } = await build(repository);
    const lines = toEntryLines(entry.lines);
    const accountIds = [...new Set(lines.map((line) => line.accountId))];
    if (accountIds.length > 94)
      throw new ValidationError('Too many accounts in one entry', [
        { field: 'lines', reason: 'at most 94 distinct accounts' },
      ]);
    const accounts = await Promise.all(accountIds.map((id) => repository.find<Account>(accountType, id)));
    const byId = new Map(accounts.filter((a): a is Stored<Account> => !!a && !a.deleted).map((a) => [a.id, a]));
    const problems = postingProblems(
      { date: entry.date, lines },
      byId,
      await openPeriodCheck(repository, [entry.date]),
    );
    if (problems.length > 0) throw new ValidationError('The entry cannot be posted', problems);
    const transaction = repository.transaction();
    await stagePostingIntoPeriod(repository, transaction, entry.date);

    const counter = await repository.find<{ last: number }>(counterType, counterId);
    const number = (counter?.last ?? 0) + 1;
    const now = deps.clock.now().toISOString();
    const posted: JournalEntry = { ...entry, status: 'posted', number, postedAt: now, postedBy: context.actor.id };
    if (existing) transaction.replace(existing, posted, { immutable: true });
    else transaction.create(journalEntryType, entryId, posted, { immutable: true });
    if (counter) transaction.replace(counter, { last: number });
    else transaction.create(counterType, counterId, { last: number });
    for (const account of byId.values()) {
      transaction.replace(account, {
        ...account,
        postingCount: account.postingCount + lines.filter((l) => l.accountId === account.id).length,
      });
    }
    extra?.(transaction);
    try {
      await transaction.commit();
    } catch (error) {
      if (!(error instanceof PreconditionFailedError || error instanceof ConflictError) || attempt >= 30) throw error;
      await backoff(attempt);
      continue;
    }
    return view(repository, await repository.get<JournalEntry>(journalEntryType, entryId));
  }
}

/** Dual control (an organisation setting): designated actions need a drafter and a different approver. */
export async function dualControlOn(repository: TenantRepository): Promise<boolean> {
  const organization = await repository.find<{ dualControl?: boolean }>('organization', repository.tenantId);
  return organization?.dualControl === true;
}

const reversalLink = (originalId: string, reversalId: string) => (t: TenantTransaction) =>
  t.create(reversalLinkType, `reversal-of-${originalId}`, { reversalId });

export function postEntry(deps: LedgerDependencies, context: TenantContext, id: string): Promise<JournalEntryView> {
  return commitPosting(deps, context, async (repository) => {
    const existing = await repository.get<JournalEntry>(journalEntryType, id);
    if (existing.status !== 'draft') throw new ConflictError(`Entry ${existing.number} is already posted`);
    if (await dualControlOn(repository))
      throw new ConflictError('Dual control is on: another member must approve this entry');
    return {
      entryId: id,
      entry: existing,
      existing,
      ...(existing.reversalOf ? { extra: reversalLink(existing.reversalOf, id) } : {}),
    };
  });
}

/** Posts someone else's draft (or drafted reversal); nobody approves their own. */
export function approveEntry(deps: LedgerDependencies, context: TenantContext, id: string): Promise<JournalEntryView> {
  return commitPosting(deps, context, async (repository) => {
    const existing = await repository.get<JournalEntry>(journalEntryType, id);
    if (existing.status !== 'draft') throw new ConflictError(`Entry ${existing.number} is already posted`);
    if (existing.createdBy === context.actor.id) throw new ForbiddenError('Nobody approves their own draft');
    return {
      entryId: id,
      entry: existing,
      existing,
      ...(existing.reversalOf ? { extra: reversalLink(existing.reversalOf, id) } : {}),
    };
  });
}

/**
 * Reverses a posted entry with its mirror image, linked both ways; an entry is reversed at most
 * once. Under dual control the reversal is drafted and waits for another member's approval.
 */
export async function reverseEntry(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
  input: { date: string; memo?: string },
): Promise<JournalEntryView> {
  const reversalId = `je-${deps.ids.newId()}`;
  const build = async (repository: TenantRepository) => {
    const original = await repository.get<JournalEntry>(journalEntryType, id);
    if (original.status !== 'posted') throw new ConflictError('Only a posted entry can be reversed');
    if (await repository.find(reversalLinkType, `reversal-of-${id}`))
      throw new ConflictError(`Entry ${original.number} was already reversed`);
    const flipped = reversedLines(toEntryLines(original.lines));
    const entry: JournalEntry = {
      ...original,
      status: 'draft',
      number: null,
      date: input.date,
      memo: input.memo ?? `Reversal of entry ${original.number}`,
      lines: original.lines.map((line, index) => ({ ...line, side: flipped[index]!.side })),
      reversalOf: id,
      postedAt: null,
      postedBy: null,
    };
    return entry;
  };
  const repository = repositoryFor(deps, context);
  if (await dualControlOn(repository)) {
    await repository
      .transaction()
      .create(journalEntryType, reversalId, await build(repository))
      .commit();
    return view(repository, await repository.get<JournalEntry>(journalEntryType, reversalId));
  }
  // The link document's fixed id makes a second reversal of the same entry collide and fail whole.
  return commitPosting(deps, context, async (r) => ({
    entryId: reversalId,
    entry: await build(r),
    extra: reversalLink(id, reversalId),
  }));
}
