import { requireActiveDimensions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ForbiddenError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import { draftersOf, entryVersion } from './draft-review';
import { entryView, repositoryFor } from './journal-entries';
import { journalEntryType, type JournalEntry } from './journal-entry';
import { commitPosting, reversalLink } from './journal-posting';
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
  const repository = await repositoryFor(deps, context);
  return retryOnConflict('The journal entry', async () => {
    const current = await repository.get<JournalEntry>(journalEntryType, id);
    if (current.status === 'posted') throw new ConflictError(`Entry ${current.number} is already posted`);
    if (!draftersOf(current).includes(context.actor.id))
      throw new ForbiddenError('Only a member who wrote or edited this draft submits it');
    if (current.status === 'submitted') return entryView(repository, current);
    const now = deps.clock.now();
    const transaction = repository.transaction().replace(current, {
      ...current,
      status: 'submitted',
      submittedBy: context.actor.id,
      submittedAt: now.toISOString(),
    });
    await stageAuditRecord(
      repository,
      transaction,
      context,
      {
        action: 'ledger.entry-submitted',
        target: { type: 'journal-entry', id },
        details: { version: entryVersion(current) },
      },
      now,
    );
    await transaction.commit();
    return entryView(repository, await repository.get<JournalEntry>(journalEntryType, id));
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
  return commitPosting(deps, context, async (repository) => {
    const existing = await repository.get<JournalEntry>(journalEntryType, id);
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
      ...(existing.reversalOf ? { stage: reversalLink(existing.reversalOf, id) } : {}),
    };
  });
}
