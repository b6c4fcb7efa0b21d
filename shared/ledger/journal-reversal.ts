import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import { entryVersion } from './draft-review';
import { entryViewOf, repositoryFor } from './journal-entries';
import { journalEntryType, reversalLinkType, type JournalEntry } from './journal-entry';
import { commitPosting, dualControlOn, reversalLink } from './journal-posting';
import { toEntryLines } from './posting-checks';
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
  const build = async (repository: TenantRepository, submittedAt: string | null): Promise<JournalEntry> => {
    const original = await repository.get<JournalEntry>(journalEntryType, id);
    if (original.status !== 'posted') throw new ConflictError('Only a posted entry can be reversed');
    // Its month's reopen reverses a closing entry; a second reversal would leave the year closed twice over.
    if (original.closing) throw new ConflictError('A year-end closing entry is reversed by reopening its month');
    if (await repository.find(reversalLinkType, `reversal-of-${id}`))
      throw new ConflictError(`Entry ${original.number} was already reversed`);
    const flipped = reversedLines(toEntryLines(original.lines));
    return {
      status: submittedAt ? 'submitted' : 'draft',
      number: null,
      date: input.date,
      memo: input.memo ?? `Reversal of entry ${original.number}`,
      reference: original.reference,
      currency: original.currency,
      lines: original.lines.map((line, index) => ({ ...line, side: flipped[index]!.side })),
      reversalOf: id,
      postedAt: null,
      postedBy: null,
      drafters: [context.actor.id],
      submittedBy: submittedAt ? context.actor.id : null,
      submittedAt,
    };
  };
  const repository = await repositoryFor(deps, context);
  if (await dualControlOn(repository)) {
    // Another audit record may take the sequence number meanwhile: the batch writes nothing, and is built again.
    return retryOnConflict('The audit log', async () => {
      const now = deps.clock.now();
      const reversal = await build(repository, now.toISOString());
      const transaction = repository.transaction().create(journalEntryType, reversalId, reversal);
      const submitted = {
        action: 'ledger.entry-submitted',
        target: { type: 'journal-entry', id: reversalId },
        details: { version: entryVersion(reversal), reversalOf: id },
      };
      await stageAuditRecord(repository, transaction, context, submitted, now);
      const [created] = await transaction.commit();
      return entryViewOf(created as unknown as Stored<JournalEntry>, null);
    });
  }
  // The link document's fixed id makes a second reversal of the same entry collide and fail whole.
  return commitPosting(deps, context, async (r) => ({
    entryId: reversalId,
    entry: await build(r, null),
    audit: { action: 'ledger.entry-posted', details: { reversalOf: id } },
    stage: reversalLink(id, reversalId),
  }));
}
