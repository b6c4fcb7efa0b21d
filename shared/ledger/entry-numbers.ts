import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';

export const counterType = 'journal-entry-counter';
export const counterId = 'journal-entry-counter';

/** The organisation's last entry number: every path that numbers an entry replaces it under its ETag. */
export interface EntryCounter {
  readonly last: number;
}

/**
 * Stages the organisation's next entry number into a transaction. The counter is replaced under
 * its ETag (or created once), so of two transactions that read the same number only one commits:
 * numbers are gap-free and never reused, whichever path posts (a post, a close, a reopen).
 * Posts take their numbers several at a time in the posting lane (posting-lane.ts).
 */
export async function stageNextEntryNumber(
  repository: TenantRepository,
  transaction: TenantTransaction,
): Promise<number> {
  const counter = await repository.find<EntryCounter>(counterType, counterId);
  const number = (counter?.last ?? 0) + 1;
  if (counter) transaction.replace(counter, { last: number });
  else transaction.create(counterType, counterId, { last: number });
  return number;
}

/** Whether anything was ever numbered (posted, closed, imported): the books' settings are fixed from then on. */
export async function hasPostedEntries(repository: TenantRepository): Promise<boolean> {
  return ((await repository.find<EntryCounter>(counterType, counterId))?.last ?? 0) > 0;
}
