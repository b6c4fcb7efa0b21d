/** Storage queues the app sends to and listens on; each has a `<name>-poison` twin. */
export const queueNames = {
  paymentRuns: 'payment-runs',
  emails: 'emails',
  taxClassification: 'tax-classification',
} as const;

export const allQueues: readonly string[] = Object.values(queueNames);

export function poisonQueueName(queue: string): string {
  return `${queue}-poison`;
}
