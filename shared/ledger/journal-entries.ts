import { requireActiveDimensions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import { runIdempotent } from '../platform/data/idempotency';
import type { Stored } from '../platform/data/stored-document';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { type TenantRepository, type TenantTransaction } from '../platform/data/tenant-repository';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import { LedgerRepository } from './ledger-repository';
import { requireBaseCurrency } from './books';
import { readBooks } from './cosmos-books-store';
import { draftersOf, entryVersion, withDrafter } from './draft-review';
import { journalEntryType, reversalLinkType, type JournalEntry, type StoredLine } from './journal-entry';
import { formatAmount, parseAmount } from './money';
import { journalEntryView, type DraftInput, type JournalEntryView, type LineInput } from './schemas';

/** Every ledger read and write goes through the member's restrictions (ledger-repository.ts). */
export const repositoryFor = (deps: LedgerDependencies, context: TenantContext) => LedgerRepository.open(deps, context);

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

/** A new draft of the member's input: lines in minor units, the member its first drafter. */
export function draftFrom(context: TenantContext, input: DraftInput): JournalEntry {
  return {
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
    drafters: [context.actor.id],
    submittedBy: null,
    submittedAt: null,
  };
}

/** An entry as the API shows it. */
export async function entryView(repository: TenantRepository, entry: Stored<JournalEntry>): Promise<JournalEntryView> {
  const link =
    entry.status === 'posted'
      ? await repository.find<{ reversalId: string }>(reversalLinkType, `reversal-of-${entry.id}`)
      : undefined;
  return entryViewOf(entry, link?.reversalId ?? null);
}

/** An entry as the API shows it, when its reversal is known (none, for an entry just posted). */
export function entryViewOf(entry: Stored<JournalEntry>, reversedBy: string | null): JournalEntryView {
  return journalEntryView.parse({
    ...entry,
    version: entryVersion(entry),
    drafters: draftersOf(entry),
    submittedBy: entry.submittedBy ?? null,
    submittedAt: entry.submittedAt ?? null,
    reversedBy,
    lines: entry.lines.map((line) => ({ ...line, amount: formatAmount(BigInt(line.amountMinor), entry.currency) })),
  });
}

/** Creates a draft; the same Idempotency-Key always yields the first draft, never a second. */
export async function createDraft(
  deps: LedgerDependencies,
  context: TenantContext,
  input: DraftInput,
  idempotencyKey?: string,
): Promise<JournalEntryView> {
  const repository = await repositoryFor(deps, context);
  requireBaseCurrency(await readBooks(repository), input.currency);
  await requireActiveDimensions(deps, context, input.lines);
  const draft = draftFrom(context, input);
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
  return entryView(repository, await repository.get<JournalEntry>(journalEntryType, id));
}

/**
 * Rewrites a draft. Whoever edits becomes one of its drafters (and so can no longer approve it),
 * and an edit of a submitted draft withdraws the submission, audited: what a reviewer may have
 * read is gone, so it goes back to its drafters to submit again.
 */
export async function updateDraft(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
  input: DraftInput,
): Promise<JournalEntryView> {
  const repository = await repositoryFor(deps, context);
  requireBaseCurrency(await readBooks(repository), input.currency);
  await requireActiveDimensions(deps, context, input.lines);
  const lines = toStoredLines(input.lines, input.currency);
  return retryOnConflict('The journal entry', async () => {
    const current = await repository.get<JournalEntry>(journalEntryType, id);
    if (current.status === 'posted') throw new ConflictError('A posted entry is never edited; reverse it instead');
    if (current.reversalOf) throw new ConflictError('A drafted reversal mirrors its original and cannot be edited');
    const next: JournalEntry = {
      ...current,
      date: input.date,
      memo: input.memo,
      reference: input.reference ?? null,
      currency: input.currency,
      lines,
      status: 'draft',
      drafters: withDrafter(current, context.actor.id),
      submittedBy: null,
      submittedAt: null,
    };
    const transaction = repository.transaction().replace(current, next);
    if (current.status === 'submitted') {
      const details = { submittedBy: current.submittedBy ?? null, version: entryVersion(next) };
      const withdrawn = { action: 'ledger.entry-submission-withdrawn', target: { type: 'journal-entry', id }, details };
      await stageAuditRecord(repository, transaction, context, withdrawn, deps.clock.now());
    }
    await transaction.commit();
    return entryView(repository, await repository.get<JournalEntry>(journalEntryType, id));
  });
}

export async function getEntry(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
): Promise<JournalEntryView> {
  const repository = await repositoryFor(deps, context);
  return entryView(repository, await repository.get<JournalEntry>(journalEntryType, id));
}

export async function listEntries(
  deps: LedgerDependencies,
  context: TenantContext,
  page: { continuationToken?: string; pageSize?: number },
) {
  const repository = await repositoryFor(deps, context);
  const result = await repository.query<JournalEntry>(journalEntryType, {
    orderBy: 'c.date DESC',
    maxItemCount: page.pageSize ?? 50,
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  });
  return {
    items: await Promise.all(result.items.map((entry) => entryView(repository, entry))),
    continuationToken: result.continuationToken ?? null,
  };
}
