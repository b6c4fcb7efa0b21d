import type { TenantContext } from '../platform/actor';
import type { TenantRepository } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import { entryView, repositoryFor } from './journal-entries';
import type { JournalEntryView, ReversalInput } from './schemas';
import { journalEntryType, reversalLinkType, type JournalEntry } from './journal-entry';
import { commitPosting, dualControlOn, reversalLink, toEntryLines } from './journal-posting';
import { reversedLines } from './posting-rules';

/**
 * Reverses a posted entry with its mirror image, linked both ways; an entry is reversed at most
 * once. Under dual control the reversal is drafted and waits for another member's approval.
 */
export async function reverseEntry(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
  input: ReversalInput,
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
  const repository = await repositoryFor(deps, context);
  if (await dualControlOn(repository)) {
    await repository
      .transaction()
      .create(journalEntryType, reversalId, await build(repository))
      .commit();
    return entryView(repository, await repository.get<JournalEntry>(journalEntryType, reversalId));
  }
  // The link document's fixed id makes a second reversal of the same entry collide and fail whole.
  return commitPosting(deps, context, async (r) => ({
    entryId: reversalId,
    entry: await build(r),
    extra: reversalLink(id, reversalId),
  }));
}
