import type { Clock } from '../clock';
import type { TenantRepository } from '../data/tenant-repository';
import { ConflictError, PreconditionFailedError } from '../errors';
import {
  finishedStates,
  outboxType,
  type OutboxRecord,
  type OutboxState,
  type OutboxWork,
  type StoredOutboxRecord,
} from './outbox-record';

/** Longer than one attempt can take (a send times out after 20 s), shorter than the sweeper's patience. */
export const leaseSeconds = 60;

export interface OutboxClaim<P> {
  readonly record: StoredOutboxRecord<P>;
  /** An earlier attempt may have done the work: look for it before doing it again. */
  readonly uncertain: boolean;
}

const lostRace = (error: unknown) => error instanceof PreconditionFailedError || error instanceof ConflictError;

/**
 * Takes a record for one attempt, under a lease, with its ETag: of two deliveries of one
 * message only one gets it. Undefined when there is nothing to do: no such record (of this
 * work), already finished, held by a live attempt, or taken by a concurrent delivery. A record
 * still `processing` after its lease ran out belonged to an attempt that died mid-way: whether
 * its effect happened is unknown.
 */
export async function claimOutboxRecord<P>(
  repository: TenantRepository,
  clock: Clock,
  work: OutboxWork,
  id: string,
): Promise<OutboxClaim<P> | undefined> {
  const record = await repository.find<OutboxRecord<P>>(outboxType, id);
  if (!record || record.work !== work || finishedStates.includes(record.state)) return undefined;
  const now = clock.now();
  if (liveLease(record, now)) return undefined;
  const abandoned = record.state === 'processing';
  const claimed: OutboxRecord<P> = {
    ...record,
    state: 'processing',
    attempts: record.attempts + 1,
    leaseUntil: new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
  };
  try {
    return { record: await repository.replace(record, claimed), uncertain: record.uncertain || abandoned };
  } catch (error) {
    if (lostRace(error)) return undefined;
    throw error;
  }
}

/** Writes `next` over the current record, re-reading on a race; `next` returns the record itself to leave it. */
function change<P>(
  repository: TenantRepository,
  id: string,
  next: (current: OutboxRecord<P>) => OutboxRecord<P>,
): Promise<OutboxRecord<P>> {
  return repository.update<OutboxRecord<P>>(outboxType, id, next);
}

const liveLease = (record: OutboxRecord, now: Date) =>
  record.state === 'processing' && record.leaseUntil !== null && Date.parse(record.leaseUntil) > now.getTime();

/**
 * Records how the work ended. It happened (or definitely will not), so this must stick: it
 * retries past concurrent changes and overrides `poisoned` (a verdict of giving up, not a
 * fact), never another outcome.
 */
export function finishOutboxRecord<P>(
  repository: TenantRepository,
  clock: Clock,
  id: string,
  state: Exclude<OutboxState, 'pending' | 'processing' | 'poisoned'>,
  details: { readonly result?: Readonly<Record<string, string>>; readonly reason?: string } = {},
): Promise<OutboxRecord<P>> {
  return change<P>(repository, id, (current) =>
    finishedStates.includes(current.state) && current.state !== 'poisoned'
      ? current
      : {
          ...current,
          state,
          leaseUntil: null,
          uncertain: false,
          result: details.result ?? current.result,
          lastError: details.reason ?? (state === 'completed' ? null : current.lastError),
          finishedAt: clock.now().toISOString(),
        },
  );
}

/**
 * Gives the record back for a later attempt (the queue retries the message, or long work hands
 * over to its next slice, `reason` null). `uncertain` when the attempt cannot tell whether its
 * effect happened.
 */
export function releaseOutboxRecord<P>(
  repository: TenantRepository,
  id: string,
  outcome: { readonly uncertain: boolean; readonly reason: string | null },
): Promise<OutboxRecord<P>> {
  return change<P>(repository, id, (current) =>
    finishedStates.includes(current.state)
      ? current
      : {
          ...current,
          state: 'pending',
          leaseUntil: null,
          uncertain: current.uncertain || outcome.uncertain,
          lastError: outcome.reason,
        },
  );
}

/**
 * Every delivery of the record's message failed and the message went to the poison queue:
 * marked for admins. A record a live attempt holds is left to it (that attempt has its own
 * message), and nothing finished changes.
 */
export async function poisonOutboxRecord(repository: TenantRepository, clock: Clock, id: string): Promise<void> {
  if (!(await repository.find<OutboxRecord>(outboxType, id))) return;
  await change(repository, id, (current) =>
    finishedStates.includes(current.state) || liveLease(current, clock.now())
      ? current
      : { ...current, state: 'poisoned', leaseUntil: null, finishedAt: clock.now().toISOString() },
  );
}
