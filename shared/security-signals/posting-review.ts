import { formatAmount } from '../ledger/money';
import { retryOnConflict } from '../platform/data/retry';
import type { QueueSender } from '../platform/queues/queue-sender';
import { raiseSignal, type SignalDependencies } from './raise-signal';
import { isOutlier, noStatistics, withAmount, type AccountStatistics } from './posting-statistics';
import type { PostedEntry } from './signal-store';
import { effectiveThresholds } from './thresholds';

/** Entries reviewed per read, and per queue message (a long backlog continues in another message). */
const pageSize = 100;
const pagesPerMessage = 10;
/**
 * A review message waits this long before it is visible, and an instance sends at most one per
 * organisation in that time: the review reads every entry posted up to when it runs, so the
 * posts in between are covered without a message each.
 */
export const reviewDelaySeconds = 2;

export interface PostingReviewMessage {
  readonly tenantId: string;
}

/**
 * Asks for the organisation's new postings to be reviewed, off the posting path: called after a
 * request that posted succeeded. Losing one is harmless (the next covers everything since the
 * last review), so a failure to send is the caller's to log, never the poster's.
 */
export function createPostingReviewTrigger(queues: QueueSender, now: () => number) {
  const lastSent = new Map<string, number>();
  return async (tenantId: string): Promise<void> => {
    const last = lastSent.get(tenantId);
    if (last !== undefined && now() - last < reviewDelaySeconds * 1000) return;
    lastSent.set(tenantId, now());
    const message: PostingReviewMessage = { tenantId };
    await queues.send('posting-reviews', { ...message }, { delaySeconds: reviewDelaySeconds });
  };
}

/** An entry with lines far above their accounts' usual amounts; the first such line speaks for it. */
interface Outlier {
  readonly entry: PostedEntry;
  readonly line: number;
  readonly amount: bigint;
  readonly usual: AccountStatistics;
  readonly lines: number;
}

/**
 * Reviews the postings made since the last review, in number order (numbers are gap-free, so a
 * gap means a batch not yet visible: stop there). Each line is judged against its account's
 * amounts before it, then counted; reversals and year-end closing entries are counted, never
 * judged (their amounts repeat or sum others). Signals are raised before the statistics move
 * on, one per entry and idempotent: a review that dies in between is redone without a second
 * signal. Concurrent reviews meet on the statistics' ETag; the loser starts again from the
 * winner's position. Returns whether entries remain for another message.
 */
export async function reviewPostings(deps: SignalDependencies): Promise<boolean> {
  for (let page = 0; page < pagesPerMessage; page += 1) {
    const reviewed = await retryOnConflict('posting statistics', () => reviewPage(deps));
    if (reviewed < pageSize) return false;
  }
  return true;
}

/** One page of entries after the last reviewed; returns how many it reviewed. */
async function reviewPage(deps: SignalDependencies): Promise<number> {
  const { store } = deps;
  const current = await store.readPostingStatistics();
  const reviewedThrough = current?.reviewedThrough ?? 0;
  const fetched = await store.postedEntriesAfter(reviewedThrough, pageSize);
  const entries = fetched.filter((entry, index) => entry.number === reviewedThrough + index + 1);
  if (entries.length === 0) return 0;
  const { outlierPostings } = effectiveThresholds((await store.readThresholds())?.thresholds);
  const accounts: Record<string, AccountStatistics> = { ...current?.accounts };
  const outliers: Outlier[] = [];
  for (const entry of entries) {
    const judged = entry.reversalOf === null && !entry.closing;
    const found: Array<Omit<Outlier, 'lines'>> = [];
    entry.lines.forEach((line, index) => {
      const usual = accounts[line.accountId] ?? noStatistics;
      const amount = BigInt(line.amountMinor);
      if (judged && isOutlier(usual, amount, outlierPostings)) found.push({ entry, line: index, amount, usual });
      accounts[line.accountId] = withAmount(usual, amount);
    });
    if (found.length > 0) outliers.push({ ...found[0]!, lines: found.length });
  }
  for (const outlier of outliers) await raiseOutlier(deps, outlier, outlierPostings.deviations);
  await store.writePostingStatistics(current, { reviewedThrough: entries.at(-1)!.number, accounts });
  return entries.length;
}

function raiseOutlier(deps: SignalDependencies, outlier: Outlier, deviations: number) {
  const { entry, line, amount, usual, lines } = outlier;
  const accountId = entry.lines[line]!.accountId;
  const mean = BigInt(usual.sum) / BigInt(usual.count);
  return raiseSignal(deps, entry.id, {
    kind: 'outlier-posting',
    memberId: entry.postedBy,
    summary: `Entry ${entry.number} posts ${formatAmount(amount, entry.currency)} to an account whose postings average ${formatAmount(mean, entry.currency)}: more than ${deviations} standard deviations above its usual range`,
    details: {
      entry: entry.id,
      number: entry.number,
      line,
      lines,
      accountId,
      amount: formatAmount(amount, entry.currency),
      usualMean: formatAmount(mean, entry.currency),
      usualCount: usual.count,
      currency: entry.currency,
    },
  });
}
