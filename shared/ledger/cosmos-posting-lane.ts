import { translateCosmosError } from '../platform/data/cosmos-errors';
import { GroupCommitQueue, laneFor } from '../platform/data/group-commit';
import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { backoff, retryOnConflict, retryPolicy } from '../platform/data/retry';
import type { TenantContext } from '../platform/actor';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ContentionError } from '../platform/errors';
import { AccountMonthStates, stagePeriodPostings } from './cosmos-running-balances-store';
import { fixedBooksOf, type Books, type FixedBooks } from './books';
import { readBooks, readStoredBooks } from './cosmos-books-store';
import { counterId, counterType, type EntryCounter } from './entry-numbers';
import {
  detailedRefusal,
  postedEntryWrites,
  refusalsAfterFailure,
  stageAccountPosting,
  type PostingRequest,
} from './cosmos-posting-writes';
import type { JournalEntry } from './journal-entry';
import { LedgerRepository } from './ledger-repository';
import type { PeriodState } from './period-postings';
import {
  accountIdsOf,
  countersOf,
  groupOperations,
  maxBytes,
  maxOperations,
  monthsOf,
  type Owner,
  type Pending,
} from './cosmos-posting-group';
import { problemsAgainstBooks } from './posting-checks';

/**
 * Group commit for one organisation in this process. Posts that arrive while a batch is in
 * flight wait and then go together in the next transactional batch: the counter replaced once
 * under its ETag (numbers last+1..last+n, gap-free), one audit record per entry (chained, with the
 * head, by the audit lane the batch commits through), one conditional patch per month (counts the
 * postings, only while the month is open) and per account (marks it as posted, only while
 * active), and the accounts' running balances for the month (cosmos-running-balances-store.ts). Only the counter is contended here (first in the batch, so a stale one fails there);
 * across instances batches meet on its ETag and retry whole. A failure that belongs to one entry
 * refuses that entry and retries the others.
 */
class PostingLane {
  private readonly queue = new GroupCommitQueue<Pending>(
    (group, next) =>
      groupOperations([...group, next]) <= maxOperations &&
      group.reduce((bytes, p) => bytes + p.bytes, next.bytes) <= maxBytes,
    (group) => this.commitGroup(group),
  );
  /** From the last batch this lane wrote; undefined means unknown (read it), null means absent. */
  private counter: Stored<EntryCounter> | null | undefined;
  private readonly periods = new Map<string, PeriodState>();
  /** Counters of numbered documents (invoices), as the last batch left them; absent means unknown. */
  private readonly documentCounters = new Map<string, Stored<EntryCounter> | null>();
  private readonly accountMonths = new AccountMonthStates();
  private readonly periodAbsent = (month: string) => this.periods.get(month) === 'absent';
  private fixedBooks: FixedBooks | undefined;

  constructor(private readonly deps: DomainDependencies) {}

  submit(request: PostingRequest): Promise<Stored<JournalEntry>> {
    const probe = request.repository.transaction();
    request.stage?.(probe);
    request.numbered?.stage(probe, 0);
    const bytes = JSON.stringify(request.entry).length + 1_000;
    return new Promise((resolve, reject) =>
      this.queue.push({ ...request, operations: 2 + probe.size, bytes, resolve, reject }),
    );
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    let waiting = group;
    for (let attempt = 1; waiting.length > 0; attempt += 1) {
      if (attempt > retryPolicy.attempts) {
        const busy = new ContentionError('The entry counter kept changing while we posted; try again');
        return waiting.forEach((p) => p.reject(busy));
      }
      try {
        waiting = await this.attempt(waiting);
      } catch (error) {
        return waiting.forEach((p) => p.reject(error));
      }
      // A stale cache fails once and is read again at once; losing again means another writer is busy.
      if (waiting.length > 0 && attempt > 1) await backoff(attempt - 1);
    }
  }

  /** One batch for the group; returns the entries still to post (none when it committed). */
  private async attempt(group: Pending[]): Promise<Pending[]> {
    const leader = group[0]!.repository;
    const [requestBooks] = await Promise.all([
      readBooks(leader),
      this.loadCounter(leader),
      ...countersOf(group).map((counter) => this.loadDocumentCounter(leader, counter)),
      this.accountMonths.load(leader, group, this.periodAbsent),
    ]);
    // Until the counter is past 0 the books settings may change (books.ts, `FixedBooks`): read after the counter.
    const books = this.fixedBooks ? { ...requestBooks, ...this.fixedBooks } : await readStoredBooks(leader);
    if ((this.counter?.last ?? 0) > 0) this.fixedBooks ??= fixedBooksOf(books);
    const now = this.deps.clock.now();
    const transaction = leader.transaction();
    const owners: Owner[] = [];
    const stage = (owner: Owner, write: () => void) => {
      const before = transaction.size;
      write();
      for (let i = before; i < transaction.size; i += 1) owners.push(owner);
    };
    const accepted: Pending[] = [];
    const entries: TenantTransaction[] = [];
    const last = this.counter?.last ?? 0;
    const documentNumbers = new Map<string, number>();
    for (const p of group) {
      try {
        if (!this.screen(p, books)) continue;
        const writes = postedEntryWrites(p, last + accepted.length + 1, now);
        const counter = p.numbered?.counter;
        const number = counter
          ? (documentNumbers.get(counter) ?? this.documentCounters.get(counter)?.last ?? 0) + 1
          : 0;
        p.numbered?.stage(writes, number);
        if (counter) documentNumbers.set(counter, number);
        accepted.push(p);
        entries.push(writes);
      } catch (error) {
        p.reject(error);
      }
    }
    if (accepted.length === 0) return [];
    stage('counter', () =>
      this.counter
        ? transaction.replace(this.counter, { last: last + accepted.length })
        : transaction.create<EntryCounter>(counterType, counterId, { last: last + accepted.length }),
    );

    for (const [counter, number] of documentNumbers) {
      const current = this.documentCounters.get(counter);
      stage({ documentCounter: counter }, () =>
        current
          ? transaction.replace(current, { last: number })
          : transaction.create<EntryCounter>(counter, counter, { last: number }),
      );
    }
    for (const month of monthsOf(accepted)) {
      const count = accepted.filter((p) => p.entry.date.startsWith(month)).length;
      stage({ month }, () => stagePeriodPostings(transaction, month, count, this.periods.get(month)));
    }
    for (const accountId of accountIdsOf(accepted))
      stage({ accountId }, () => stageAccountPosting(transaction, accountId));
    const accountMonths = this.accountMonths.stage(transaction, accepted, this.periodAbsent, (accountMonth, write) =>
      stage({ accountMonth }, write),
    );
    const entryOperations: number[] = [];
    accepted.forEach((p, index) => {
      entryOperations.push(transaction.size);
      stage({ entry: p }, () => transaction.append(entries[index]!));
    });
    const outcome = await transaction.attempt();
    if (outcome.committed) {
      this.counter = outcome.documents[0] as unknown as Stored<EntryCounter>;
      // Read after the counter this batch replaced under its ETag: no change came between, and none can now.
      this.fixedBooks ??= fixedBooksOf(books);
      for (const month of monthsOf(accepted)) this.periods.set(month, 'exists');
      this.accountMonths.committed(accountMonths);
      owners.forEach((owner, index) => {
        if (typeof owner === 'object' && 'documentCounter' in owner)
          this.documentCounters.set(owner.documentCounter, outcome.documents[index] as unknown as Stored<EntryCounter>);
      });
      accepted.forEach((p, index) =>
        p.resolve(outcome.documents[entryOperations[index]!] as unknown as Stored<JournalEntry>),
      );
      return [];
    }
    return this.afterFailure(accepted, owners[outcome.failedAt]!, outcome.status);
  }

  /**
   * What the entry and the organisation alone refuse, before the entry joins the batch (so it
   * never fails the others); the refusal names every problem, read from the documents as they are.
   */
  private screen(p: Pending, books: Books): boolean {
    p.check?.(books);
    const problems = problemsAgainstBooks(books, p.entry);
    if (problems.length === 0) return true;
    detailedRefusal(p.repository, p.entry, problems).then(
      (refusal) => p.reject(refusal),
      (error: unknown) => p.reject(error),
    );
    return false;
  }

  /** Forgets what the failure proved stale, refuses the entries it belongs to, and hands back the rest. */
  private async afterFailure(group: Pending[], owner: Owner, status: number): Promise<Pending[]> {
    if (owner === 'counter') this.counter = undefined;
    else if ('documentCounter' in owner) this.documentCounters.delete(owner.documentCounter);
    else if ('entry' in owner) {
      owner.entry.reject(translateCosmosError({ code: status }, `journal-entry ${owner.entry.entryId}`));
      return group.filter((p) => p !== owner.entry);
    } else if ('accountMonth' in owner) {
      if (!this.accountMonths.failed(owner.accountMonth, status))
        throw translateCosmosError({ code: status }, `account-month ${owner.accountMonth}`);
    } else if (status !== 404 && status !== 409 && status !== 412) {
      throw translateCosmosError({ code: status }, 'the posting batch');
    } else {
      if ('month' in owner) this.periods.set(owner.month, status === 404 ? 'absent' : 'exists');
      if ('month' in owner && status !== 412) return group;
      const refusals = await refusalsAfterFailure(group, owner);
      for (const [p, error] of refusals) p.reject(error);
      return group.filter((p) => !refusals.has(p));
    }
    return group;
  }

  private async loadCounter(repository: TenantRepository): Promise<void> {
    if (this.counter === undefined)
      this.counter = (await repository.find<EntryCounter>(counterType, counterId)) ?? null;
  }

  private async loadDocumentCounter(repository: TenantRepository, counter: string): Promise<void> {
    if (this.documentCounters.has(counter)) return;
    this.documentCounters.set(counter, (await repository.find<EntryCounter>(counter, counter)) ?? null);
  }
}

const lanes = new WeakMap<object, Map<string, PostingLane>>();

/** Posts one entry through its organisation's lane in this process; resolves with the posted document. */
export function submitPosting(deps: DomainDependencies, request: PostingRequest): Promise<Stored<JournalEntry>> {
  return laneFor(lanes, deps.container, request.repository.tenantId, () => new PostingLane(deps)).submit(request);
}

/**
 * Posts through the lane in the caller's name (their restrictions apply), with the plan built
 * again when the batch refused the entry for something that may have changed meanwhile.
 */
export async function commitPosting(
  deps: DomainDependencies,
  context: TenantContext,
  plan: (repository: LedgerRepository) => Promise<Omit<PostingRequest, 'repository' | 'context'>>,
): Promise<Stored<JournalEntry>> {
  const repository = await LedgerRepository.open(deps, context);
  return retryOnConflict('The journal entry', async () =>
    submitPosting(deps, { ...(await plan(repository)), repository, context }),
  );
}
