/** Storage queues the app sends to and listens on; each has a `<name>-poison` twin. */
export const queueNames = {
  paymentRuns: 'payment-runs',
  emails: 'emails',
  taxClassification: 'tax-classification',
  periodReports: 'period-reports',
  periodCloses: 'period-closes',
  dataExports: 'data-exports',
  postingReviews: 'posting-reviews',
  statementRuns: 'statement-runs',
  integrityChecks: 'integrity-checks',
  dimensionMigrations: 'dimension-migrations',
} as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];

export const allQueues: readonly QueueName[] = Object.values(queueNames);

export function poisonQueueName(queue: string): string {
  return `${queue}-poison`;
}

/** A queue's name in storage: `QUEUE_PREFIX` (empty in Azure) keeps apps sharing an account apart. */
export function queueName(prefix: string, queue: QueueName): string {
  return `${prefix}${queue}`;
}
