import { requireActiveDimensions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, NotFoundError } from '../platform/errors';
import { requireBaseCurrency } from './books';
import { draftersOf, entryVersion, withDrafter } from './draft-review';
import { journalEntryType, newEntry, type JournalEntry, type StoredLine } from './journal-entry';
import type { JournalStore } from './journal-store';
import type { LedgerDependencies } from './ledger-dependencies';
import { formatAmount, parseAmount } from './money';
import { journalEntryView, type DraftInput, type JournalEntryView, type LineInput } from './schemas';

/** The entry, in the caller's reach. */
export async function requireEntry(store: JournalStore, id: string): Promise<Stored<JournalEntry>> {
  const entry = await store.findEntry(id);
  if (!entry) throw new NotFoundError(`No ${journalEntryType} with id ${id}`);
  return entry;
}

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
  return newEntry({
    date: input.date,
    memo: input.memo,
    reference: input.reference ?? null,
    currency: input.currency,
    lines: toStoredLines(input.lines, input.currency),
    drafters: [context.actor.id],
  });
}

/** An entry as the API shows it. */
export async function entryView(store: JournalStore, entry: Stored<JournalEntry>): Promise<JournalEntryView> {
  return entryViewOf(entry, entry.status === 'posted' ? await store.findReversal(entry.id) : null);
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
  const store = deps.journalStoreFor(context);
  requireBaseCurrency(await store.readBooks(), input.currency);
  await requireActiveDimensions(deps, context, input.lines);
  const idempotency = idempotencyKey
    ? { scope: 'journal-entries.create', key: idempotencyKey, request: input }
    : undefined;
  const draft = await store.addDraft(`je-${deps.ids.newId()}`, draftFrom(context, input), { idempotency });
  return entryView(store, draft);
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
  const store = deps.journalStoreFor(context);
  requireBaseCurrency(await store.readBooks(), input.currency);
  await requireActiveDimensions(deps, context, input.lines);
  const lines = toStoredLines(input.lines, input.currency);
  return retryOnConflict('The journal entry', async () => {
    const current = await requireEntry(store, id);
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
    const details = { submittedBy: current.submittedBy ?? null, version: entryVersion(next) };
    const withdrawn = { action: 'ledger.entry-submission-withdrawn', target: { type: 'journal-entry', id }, details };
    const saved = await store.saveDraft(current, next, current.status === 'submitted' ? withdrawn : undefined);
    return entryView(store, saved);
  });
}

export async function getEntry(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
): Promise<JournalEntryView> {
  const store = deps.journalStoreFor(context);
  return entryView(store, await requireEntry(store, id));
}

export async function listEntries(
  deps: LedgerDependencies,
  context: TenantContext,
  page: { continuationToken?: string; pageSize?: number },
) {
  const store = deps.journalStoreFor(context);
  const result = await store.listEntries({
    pageSize: page.pageSize ?? 50,
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  });
  return {
    items: await Promise.all(result.items.map((entry) => entryView(store, entry))),
    continuationToken: result.continuationToken ?? null,
  };
}
