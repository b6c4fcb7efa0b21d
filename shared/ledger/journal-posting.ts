import { requireActiveDimensions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import type { Books } from './books';
import { readBooks } from './cosmos-books-store';
import { draftFrom, entryView, entryViewOf, repositoryFor } from './journal-entries';
import { journalEntryType, reversalLinkType, type JournalEntry } from './journal-entry';
import { submitPosting, type PostingRequest } from './posting-lane';
import type { DraftInput, JournalEntryView } from './schemas';
import { runIdempotent } from '../platform/data/idempotency';

/** What a posting path hands over: the entry, and what it says in the audit log. */
export type PostingPlan = Omit<PostingRequest, 'repository' | 'context'>;

/**
 * Posts through the organisation's posting lane (posting-lane.ts): the entry becomes immutable
 * with the next number, audited in the same batch. The plan is built again when the batch
 * refused this entry for something that may have changed (a draft edited meanwhile).
 */
export async function commitPosting(
  deps: LedgerDependencies,
  context: TenantContext,
  plan: (repository: TenantRepository) => Promise<PostingPlan>,
): Promise<JournalEntryView> {
  const repository = await repositoryFor(deps, context);
  return retryOnConflict('The journal entry', async () => {
    const planned = await plan(repository);
    return entryViewOf(await submitPosting(deps, { ...planned, repository, context }), null);
  });
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

export const refuseUnderDualControl = (books: Books) => {
  if (books.dualControl)
    throw new ConflictError('Dual control is on: a drafter submits the entry and another member approves it');
};

/**
 * Posts a draft at once. Under dual control nobody does: a drafter submits it and another member
 * approves the version they reviewed (journal-approval.ts).
 */
export function postEntry(deps: LedgerDependencies, context: TenantContext, id: string): Promise<JournalEntryView> {
  return commitPosting(deps, context, async (repository) => {
    const existing: Stored<JournalEntry> = await repository.get<JournalEntry>(journalEntryType, id);
    if (existing.status === 'posted') throw new ConflictError(`Entry ${existing.number} is already posted`);
    if (!existing.reversalOf) await requireActiveDimensions(deps, context, existing.lines);
    return {
      entryId: id,
      entry: existing,
      existing,
      check: refuseUnderDualControl,
      audit: { action: 'ledger.entry-posted', details: { reversalOf: existing.reversalOf } },
      ...(existing.reversalOf ? { stage: reversalLink(existing.reversalOf, id) } : {}),
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
  const repository = await repositoryFor(deps, context);
  await requireActiveDimensions(deps, context, input.lines);
  const plan = {
    repository,
    context,
    entryId: `je-${deps.ids.newId()}`,
    entry: draftFrom(context, input),
    check: refuseUnderDualControl,
    audit: { action: 'ledger.entry-posted' },
  };
  if (!idempotencyKey) return entryViewOf(await submitPosting(deps, plan), null);
  let posted: Stored<JournalEntry> | undefined;
  const { result } = await runIdempotent(
    repository,
    'journal-entries.create-and-post',
    idempotencyKey,
    input,
    () => Promise.resolve({ id: plan.entryId }),
    async (record) => {
      posted = await submitPosting(deps, { ...plan, stage: (t) => t.append(record) });
    },
  );
  return posted
    ? entryViewOf(posted, null)
    : entryView(repository, await repository.get<JournalEntry>(journalEntryType, result.id));
}
