import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import {
  accountMonthIdsOf,
  accountMonthMovements,
  accountMonthType,
  incrementsOf,
  maxPatchOperations,
  monthDays,
  type AccountMonth,
  type AccountMonthMovement,
} from './account-months';
import type { JournalEntry } from './journal-entry';
import type { PeriodState, StoredPeriod } from './period-postings';
import { periodId, periodType } from './periods';

/*
 * The posting lane's writes of running balances (account-months.ts) and of its months' periods
 * (period-postings.ts) into its batch: the Cosmos side of the figures the reports read.
 */

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

/** Adds the movement to its document: patches when it exists, else its creation with the amounts. */
function stageAccountMonth(transaction: TenantTransaction, movement: AccountMonthMovement, exists: boolean) {
  const increments = incrementsOf(movement);
  if (increments.length === 0) return;
  if (exists) {
    const operations = increments.map(({ day, name, value }) => ({
      op: 'incr' as const,
      path: `/days/${day}/${name}`,
      value,
    }));
    for (let i = 0; i < operations.length; i += maxPatchOperations)
      transaction.patch(accountMonthType, movement.id, operations.slice(i, i + maxPatchOperations));
    return;
  }
  const byDay: Record<string, Record<string, number>> = Object.fromEntries(monthDays.map((day) => [day, {}]));
  for (const { day, name, value } of increments) byDay[day]![name] = value;
  transaction.create<AccountMonth>(accountMonthType, movement.id, {
    accountId: movement.accountId,
    month: movement.month,
    days: byDay,
  });
}

type Entries = readonly { readonly entry: Pick<JournalEntry, 'date' | 'lines'> }[];

/**
 * What a posting lane knows of its organisation's account-month documents (account-months.ts):
 * which exist, so a batch patches those and creates the others with their amounts. An unknown
 * one is looked up, all of a batch's in one query, before the batch; in a month whose period the
 * batch creates none can exist (they are only written beside their period). Two instances that
 * both create one meet first on the counter's ETag earlier in the batch; a creation that still
 * collides (409), or a patch of a missing document (404), corrects what is known and the batch
 * is retried whole, like the month's period.
 */
export class AccountMonthStates {
  private readonly exists = new Map<string, boolean>();

  async load(repository: TenantRepository, group: Entries, periodAbsent: (month: string) => boolean): Promise<void> {
    const unknown = accountMonthIdsOf(group.map((p) => p.entry)).filter(
      (id) => !periodAbsent(id.slice(-7)) && !this.exists.has(id), // ids end with their month
    );
    if (unknown.length === 0) return;
    const found = await repository.queryAll(accountMonthType, {
      where: 'ARRAY_CONTAINS(@accountMonths, c.id)',
      parameters: [{ name: '@accountMonths', value: unknown }],
    });
    for (const id of unknown)
      this.exists.set(
        id,
        found.some((document) => document.id === id),
      );
  }

  /** Stages the group's movements, each through `stage` with its document id as the owner of its operations. */
  stage(
    transaction: TenantTransaction,
    group: Entries,
    periodAbsent: (month: string) => boolean,
    stage: (id: string, write: () => void) => void,
  ): string[] {
    const movements = [...accountMonthMovements(group.map((p) => p.entry)).values()];
    for (const movement of movements)
      stage(movement.id, () =>
        stageAccountMonth(
          transaction,
          movement,
          !periodAbsent(movement.month) && this.exists.get(movement.id) === true,
        ),
      );
    return movements.map(({ id }) => id);
  }

  committed(ids: readonly string[]): void {
    for (const id of ids) this.exists.set(id, true);
  }

  /** After the batch failed on the document: whether the failure only corrected what is known (then retry). */
  failed(id: string, status: number): boolean {
    if (status !== 404 && status !== 409) return false;
    this.exists.set(id, status === 409);
    return true;
  }
}
