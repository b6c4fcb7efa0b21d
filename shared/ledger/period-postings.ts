import type { TenantTransaction } from '../platform/data/tenant-repository';
import { periodId, periodType } from './periods';
import type { Period } from './schemas';

/**
 * A period as stored. `runningBalances`: every posting of the month also went into its accounts'
 * running balances (account-months.ts), so reports read those instead of the month's entries.
 * The lane sets it when it creates the period; months it did not create (periods written before
 * running balances existed) lack it and are read from their entries, with no migration step.
 */
export type StoredPeriod = Period & { readonly runningBalances?: true };

/** What the posting lane knows of a month's period document (unknown until a batch tells it). */
export type PeriodState = 'exists' | 'absent';

/**
 * A posting batch's claim on its month: a patch counting the postings that applies only while
 * the month is open (or, for a month without a period document yet, its creation, open). Posts
 * do not race each other on it (a patch takes no ETag), but each changes its ETag, so a close
 * that read the period before a post committed fails and retries (then includes the post), and
 * a close committed first makes the post's patch fail (then it is refused as closed).
 */
export function stagePeriodPostings(
  transaction: TenantTransaction,
  month: string,
  count: number,
  state: PeriodState | undefined,
): void {
  if (state === 'absent')
    transaction.create<StoredPeriod>(periodType, periodId(month), {
      month,
      status: 'open',
      postings: count,
      closedAt: null,
      closedBy: null,
      runningBalances: true,
    });
  else
    transaction.patch(
      periodType,
      periodId(month),
      [{ op: 'incr', path: '/postings', value: count }],
      "from c where c.status = 'open'",
    );
}
