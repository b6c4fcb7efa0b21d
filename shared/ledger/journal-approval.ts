import { requireActiveDimensions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ForbiddenError } from '../platform/errors';
import { draftersOf, entryVersion } from './draft-review';
import { entryView, entryViewOf, requireEntry } from './journal-entries';
import { commitPosting } from './journal-posting';
import type { LedgerDependencies } from './ledger-dependencies';
import type { JournalEntryView } from './schemas';

/**
 * A drafter declares the draft ready: only a submitted draft can be approved, so nobody posts a
 * draft its authors never put forward. Submitting twice changes nothing.
 */
export async function submitEntry(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
): Promise<JournalEntryView> {
  const store = deps.journalStoreFor(context);
  return retryOnConflict('The journal entry', async () => {
    const current = await requireEntry(store, id);
    if (current.status === 'posted') throw new ConflictError(`Entry ${current.number} is already posted`);
    if (!draftersOf(current).includes(context.actor.id))
      throw new ForbiddenError('Only a member who wrote or edited this draft submits it');
    if (current.status === 'submitted') return entryView(store, current);
    const submitted = {
      action: 'ledger.entry-submitted',
      target: { type: 'journal-entry', id },
      details: { version: entryVersion(current) },
    };
    const next = {
      ...current,
      status: 'submitted' as const,
      submittedBy: context.actor.id,
      submittedAt: deps.clock.now().toISOString(),
    };
    return entryViewOf(await store.saveDraft(current, next, submitted), null);
  });
}

/**
 * Posts a submitted draft (or drafted reversal) for a member who wrote none of it, and only the
 * version they name: the one they reviewed. A draft edited since has another version (and was
 * withdrawn by the edit), so the approval is refused rather than posting what nobody reviewed.
 * The approval is audited in the posting's own transaction.
 */
export function approveEntry(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
  reviewed: string,
): Promise<JournalEntryView> {
  return commitPosting(deps, context, async (store) => {
    const existing = await requireEntry(store, id);
    if (existing.status === 'posted') throw new ConflictError(`Entry ${existing.number} is already posted`);
    if (existing.status !== 'submitted')
      throw new ConflictError('Only a submitted draft can be approved: one of its drafters submits it first');
    const drafters = draftersOf(existing);
    if (drafters.includes(context.actor.id)) throw new ForbiddenError('Nobody approves a draft they wrote or edited');
    const version = entryVersion(existing);
    if (version !== reviewed)
      throw new ConflictError(`The draft changed since the version you reviewed; its version is now ${version}`);
    if (!existing.reversalOf) await requireActiveDimensions(deps, context, existing.lines);
    const details = { version, submittedBy: existing.submittedBy ?? null, drafters: drafters.join(',') };
    return {
      entryId: id,
      entry: existing,
      existing,
      audit: { action: 'ledger.entry-approved', details },
      ...(existing.reversalOf ? { reverses: existing.reversalOf } : {}),
    };
  });
}
