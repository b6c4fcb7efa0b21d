import type { Stored } from '../data/stored-document';
import type { TenantTransaction } from '../data/tenant-repository';
import type { QueueName } from '../queues/queue-names';
import type { QueueSender } from '../queues/queue-sender';

export const outboxType = 'outbox';

/** Work that leaves the request: each kind has its queue and its queue function. */
export const outboxQueues = {
  email: 'emails',
  'period-reports': 'period-reports',
  'data-export': 'data-exports',
  'tax-classification': 'tax-classification',
} as const satisfies Record<string, QueueName>;
export type OutboxWork = keyof typeof outboxQueues;

/**
 * `pending` until an attempt claims it (`processing`, under a lease), then finished:
 * `completed`, `undeliverable` (an email to an inactive address: retrying cannot help),
 * `failed` (refused for a reason a retry cannot fix), or `poisoned` (every delivery of its
 * message failed; an admin sees it). A failed attempt that may be retried returns it to `pending`.
 */
export const outboxStates = ['pending', 'processing', 'completed', 'undeliverable', 'failed', 'poisoned'] as const;
export type OutboxState = (typeof outboxStates)[number];
export const finishedStates: readonly OutboxState[] = ['completed', 'undeliverable', 'failed', 'poisoned'];

export interface OutboxRecord<P = unknown> {
  readonly work: OutboxWork;
  readonly state: OutboxState;
  readonly payload: P;
  readonly attempts: number;
  /** Until when the attempt holding the record may still be working. */
  readonly leaseUntil: string | null;
  /**
   * An earlier attempt ended without knowing whether its effect happened (a timeout, a 5xx, a
   * crash): the next attempt looks for the effect before doing it again.
   */
  readonly uncertain: boolean;
  readonly lastError: string | null;
  /** What the work produced (the provider's message id, document ids). */
  readonly result: Readonly<Record<string, string>> | null;
  readonly finishedAt: string | null;
}

/** A staged record, to dispatch once its transaction committed. */
export interface OutboxTicket {
  readonly tenantId: string;
  readonly id: string;
  readonly work: OutboxWork;
}

/** The queue message naming an outbox record; the tenant is one the app itself wrote. */
export interface OutboxMessage {
  readonly tenantId: string;
  readonly outboxId: string;
}

/**
 * Adds outbox work to a business operation's transaction: the record commits with the
 * operation or not at all. A stable `id` (say `outbox-invoice-42-email`) makes staging
 * idempotent too: a second operation staging the same id fails whole.
 */
export function stageOutboxWork<P extends object>(
  transaction: TenantTransaction,
  work: OutboxWork,
  payload: P,
  id: string,
): OutboxTicket {
  const record: OutboxRecord<P> = {
    work,
    state: 'pending',
    payload,
    attempts: 0,
    leaseUntil: null,
    uncertain: false,
    lastError: null,
    result: null,
    finishedAt: null,
  };
  transaction.create(outboxType, id, record);
  return { tenantId: transaction.tenantId, id, work };
}

/**
 * Sends the queue message for committed outbox records. If this is lost (a crash right after
 * the commit), the sweeper finds the record still pending and sends it.
 */
export async function dispatchOutbox(queues: QueueSender, tickets: readonly OutboxTicket[]): Promise<void> {
  for (const ticket of tickets) {
    const message: OutboxMessage = { tenantId: ticket.tenantId, outboxId: ticket.id };
    await queues.send(outboxQueues[ticket.work], { ...message });
  }
}

export type StoredOutboxRecord<P = unknown> = Stored<OutboxRecord<P>>;
