import { requireActiveDimensions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError } from '../platform/errors';
import type { Books } from './books';
import { draftFrom, entryView, entryViewOf, requireEntry } from './journal-entries';
import type { JournalPosting, JournalStore } from './journal-store';
import type { LedgerDependencies } from './ledger-dependencies';
import type { DraftInput, JournalEntryView } from './schemas';

/**
 * Posts through the caller's journal store (the organisation's posting lane): the entry becomes
 * immutable with the next number, audited in the same batch. The plan is built again when the
 * batch refused this entry for something that may have changed (a draft edited meanwhile).
 */
export async function commitPosting(
  deps: LedgerDependencies,
  context: TenantContext,
  plan: (store: JournalStore) => Promise<JournalPosting>,
): Promise<JournalEntryView> {
  const store = deps.journalStoreFor(context);
  return retryOnConflict('The journal entry', async () => entryViewOf(await store.post(await plan(store)), null));
}

export const refuseUnderDualControl = (books: Books) => {
  if (books.dualControl)
    throw new ConflictError('Dual control is on: a drafter submits the entry and another member approves it');
};

/**
 * Posts a draft at once. Under dual control nobody does: a drafter submits it and another member
 * approves the version they reviewed (journal-approval.ts).
 */
export function postEntry(deps: LedgerDependencies, context: TenantContext, id: string): Promise<JournalEntryView> {
  return commitPosting(deps, context, async (store) => {
    const existing = await requireEntry(store, id);
    if (existing.status === 'posted') throw new ConflictError(`Entry ${existing.number} is already posted`);
    if (!existing.reversalOf) await requireActiveDimensions(deps, context, existing.lines);
    return {
      entryId: id,
      entry: existing,
      existing,
      check: refuseUnderDualControl,
      audit: { action: 'ledger.entry-posted', details: { reversalOf: existing.reversalOf } },
      ...(existing.reversalOf ? { reverses: existing.reversalOf } : {}),
    };
  });
}

/**
 * Creates an entry and posts it in one call: one batch writes it with its number and audit
 * record. With an Idempotency-Key the key's record is in that batch too, so a retry gets the
 * first entry back and never posts a second.
 */
export async function createAndPostEntry(
  deps: LedgerDependencies,
  context: TenantContext,
  input: DraftInput,
  idempotencyKey?: string,
): Promise<JournalEntryView> {
  const store = deps.journalStoreFor(context);
  await requireActiveDimensions(deps, context, input.lines);
  const posting = {
    entryId: `je-${deps.ids.newId()}`,
    entry: draftFrom(context, input),
    check: refuseUnderDualControl,
    audit: { action: 'ledger.entry-posted' },
  };
  if (!idempotencyKey) return entryViewOf(await store.post(posting), null);
  const call = { scope: 'journal-entries.create-and-post', key: idempotencyKey, request: input };
  const { entry, replayed } = await store.postOnce(call, posting);
  return replayed ? entryView(store, entry) : entryViewOf(entry, null);
}
