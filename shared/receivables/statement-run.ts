import { createHash } from 'node:crypto';

export const statementRunType = 'statement-run';
export const statementDeliveryType = 'statement-delivery';

/**
 * One sending of statements to the organisation's customers: who was to get one (fixed when the
 * run starts), the period, and whether only customers with an overdue balance get one.
 */
export interface StatementRun {
  readonly from: string;
  readonly to: string;
  readonly overdueOnly: boolean;
  readonly trigger: 'manual' | 'scheduled';
  readonly state: 'started' | 'completed';
  readonly customerIds: readonly string[];
  readonly completedAt: string | null;
}

/**
 * What a run did for one customer, written once (its fixed id is the run's exactly-once mark):
 * `sent` with the email's outbox record, or `skipped` with why (deleted, nothing to report, not
 * overdue, every address suppressed after a bounce).
 */
export interface StatementDelivery {
  readonly runId: string;
  readonly customerId: string;
  readonly state: 'sent' | 'skipped';
  readonly reason: string | null;
  readonly to: readonly string[];
  /** Billing contacts left out: on the suppression list after a bounce or complaint. */
  readonly suppressed: readonly string[];
  readonly outboxId: string | null;
  readonly documentId: string | null;
  readonly closingMinor: string | null;
}

const digest = (runId: string, customerId: string) =>
  createHash('sha256').update(`${runId}/${customerId}`).digest('hex').slice(0, 40);

/** Fixed ids per run and customer: a second delivery of the run finds them and sends nothing again. */
export const deliveryIds = (runId: string, customerId: string) => ({
  delivery: `statement-delivery-${digest(runId, customerId)}`,
  document: `document-statement-${digest(runId, customerId)}`,
  outbox: `outbox-statement-${digest(runId, customerId)}`,
});
