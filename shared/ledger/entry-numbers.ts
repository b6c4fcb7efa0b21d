import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';

const counterType = 'journal-entry-counter';
const counterId = 'journal-entry-counter';

/**
 * Stages the organisation's next entry number into a transaction. The counter is replaced under
 * its ETag (or created once), so of two transactions that read the same number only one commits:
 * numbers are gap-free and never reused, whichever path posts (a post, a close, a reopen).
 */
export async function stageNextEntryNumber(
  repository: TenantRepository,
  transaction: TenantTransaction,
): Promise<number> {
  const counter = await repository.find<{ last: number }>(counterType, counterId);
  const number = (counter?.last ?? 0) + 1;
  if (counter) transaction.replace(counter, { last: number });
  else transaction.create(counterType, counterId, { last: number });
  return number;
}
