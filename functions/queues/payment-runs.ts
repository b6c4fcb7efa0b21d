import { z } from 'zod';
import { advancePaymentRun } from '../../shared/payment-runs/run-execution';
import { failPaymentRun } from '../../shared/payment-runs/run-returns';
import { runDependencies } from '../../shared/payment-runs/run-dependencies';
import { defineQueue } from '../../shared/platform/queues/define-queue';
import { poisonQueueName, queueName } from '../../shared/platform/queues/queue-names';
import { settings } from '../app-setup';

const runMessage = z.object({
  tenantId: z.string().min(1),
  runId: z.string().regex(/^payment-run-[A-Za-z0-9-]{1,100}$/),
});
const runs = queueName(settings.QUEUE_PREFIX, 'payment-runs');

// Each message advances one approved run through its persisted steps; a thrown error is retried by the queue.
defineQueue({
  name: 'payment-runs',
  queueName: runs,
  message: { name: 'payment-run', schema: runMessage },
  handler: (services, message) => advancePaymentRun(runDependencies(services), message),
});

// Every delivery failed (maxDequeueCount): the run is marked failed and unwound, nothing half-paid.
defineQueue({
  name: 'payment-runs-poisoned',
  queueName: poisonQueueName(runs),
  message: { name: 'payment-run', schema: runMessage },
  handler: (services, message) =>
    failPaymentRun(runDependencies(services), message, 'every delivery of its message failed'),
});
