import type { TenantContext } from '../platform/actor';
import type { LedgerDependencies } from './accounts';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError, ValidationError } from '../platform/errors';
import { readBooks } from './books';
import { LedgerRepository } from './ledger-repository';
import { periodView, type Period } from './schemas';

export const periodType = 'period';

export interface DimensionFilter {
  readonly facility?: string;
  readonly division?: string;
}

export const periodId = (month: string) => `period-${month}`;

/**
 * Adds the posting's claim on its month to a posting transaction: the period document is
 * replaced (or created) under its ETag, so a close committed meanwhile makes the post fail and
 * retry (then refused as closed), and a post committed meanwhile makes the close fail and retry
 * (then included in the snapshot).
 */
export async function stagePostingIntoPeriod(
  repository: TenantRepository,
  transaction: TenantTransaction,
  date: string,
): Promise<void> {
  const month = date.slice(0, 7);
  if (month < (await booksStartMonth(repository))) {
    throw new ValidationError('The entry cannot be posted', [
      { field: 'date', reason: 'the date is before the start of the books' },
    ]);
  }
  const period = await repository.find<Period>(periodType, periodId(month));
  if (period && period.status !== 'open')
    throw new ValidationError('The entry cannot be posted', [
      { field: 'date', reason: 'the period for this date is closed' },
    ]);
  if (period) transaction.replace(period, { ...period, postings: period.postings + 1 });
  else
    transaction.create<Period>(periodType, periodId(month), {
      month,
      status: 'open',
      postings: 1,
      closedAt: null,
      closedBy: null,
    });
}

/**
 * The books run from a start month, and months close strictly in order from it. With both,
 * every month before the latest closed one is closed, so no posting can slip into the past
 * behind a snapshot; and a post racing the close of its own month meets it on that month's
 * period document.
 */
export async function booksStartMonth(repository: TenantRepository): Promise<string> {
  const { booksStartMonth } = await readBooks(repository);
  if (!booksStartMonth) throw new ConflictError('The organisation has no books start month yet');
  return booksStartMonth;
}

export async function listPeriods(deps: LedgerDependencies, context: TenantContext): Promise<Period[]> {
  const periods = await (
    await LedgerRepository.open(deps, context)
  ).queryAll<Period>(periodType, {
    orderBy: 'c.month ASC',
  });
  return periods.map((period) => periodView.parse(period));
}
