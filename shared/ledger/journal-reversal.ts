import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError } from '../platform/errors';
import { entryVersion } from './draft-review';
import { entryViewOf, requireEntry } from './journal-entries';
import { newEntry, type JournalEntry } from './journal-entry';
import { commitPosting } from './journal-posting';
import type { JournalStore } from './journal-store';
import type { LedgerDependencies } from './ledger-dependencies';
import { reversedLines } from './posting-rules';
import type { JournalEntryView, ReversalInput } from './schemas';

/**
 * Reverses a posted entry with its mirror image, linked both ways; an entry is reversed at most
 * once. Under dual control the reversal is drafted already submitted (asking for it is the
 * submission, and a mirror image cannot be edited): the member who asked is its drafter, and
 * another member approves the version they reviewed, as for any draft.
 */
export async function reverseEntry(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
  input: ReversalInput,
): Promise<JournalEntryView> {
  const reversalId = `je-${deps.ids.newId()}`;
  const build = async (store: JournalStore, submittedAt: string | null): Promise<JournalEntry> => {
    const original = await requireEntry(store, id);
    if (original.status !== 'posted') throw new ConflictError('Only a posted entry can be reversed');
    // Its month's reopen reverses a closing entry; a second reversal would leave the year closed twice over.
    if (original.closing) throw new ConflictError('A year-end closing entry is reversed by reopening its month');
    if (await store.findReversal(id)) throw new ConflictError(`Entry ${original.number} was already reversed`);
    const reversal = newEntry({
      date: input.date,
      memo: input.memo ?? `Reversal of entry ${original.number}`,
      reference: original.reference,
      currency: original.currency,
      lines: reversedLines(original.lines),
      reversalOf: id,
      drafters: [context.actor.id],
    });
    return submittedAt ? { ...reversal, status: 'submitted', submittedBy: context.actor.id, submittedAt } : reversal;
  };
  const store = deps.journalStoreFor(context);
  if ((await store.readBooks()).dualControl) {
    // Another audit record may take the sequence number meanwhile: the batch writes nothing, and is built again.
    return retryOnConflict('The audit log', async () => {
      const reversal = await build(store, deps.clock.now().toISOString());
      const submitted = {
        action: 'ledger.entry-submitted',
        target: { type: 'journal-entry', id: reversalId },
        details: { version: entryVersion(reversal), reversalOf: id },
      };
      return entryViewOf(await store.addDraft(reversalId, reversal, { audit: submitted }), null);
    });
  }
  // The link document's fixed id makes a second reversal of the same entry collide and fail whole.
  return commitPosting(deps, context, async (s) => ({
    entryId: reversalId,
    entry: await build(s, null),
    audit: { action: 'ledger.entry-posted', details: { reversalOf: id } },
    reverses: id,
  }));
}
