import { app } from '@azure/functions';
import { z } from 'zod';
import { advancePaymentRun } from '../../shared/payment-runs/run-execution';
import { failPaymentRun } from '../../shared/payment-runs/run-returns';
import { runDependencies } from '../../shared/payment-runs/run-wiring';
import { poisonQueueName, queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { settings } from '../app-setup';

const runMessage = z.object({
  tenantId: z.string().min(1),
  runId: z.string().regex(/^payment-run-[A-Za-z0-9-]{1,100}$/),
});

// Each message advances one approved run through its persisted steps; a thrown error is retried by the queue.
app.storageQueue('payment-runs', {
  queueName: queueName(settings.QUEUE_PREFIX, 'payment-runs'),
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    const services = await getServices();
    const parsed = runMessage.safeParse(message);
    if (!parsed.success) return services.logger.error('payment-run message malformed; dropped', {});
    await advancePaymentRun(runDependencies(services), parsed.data);
  },
});

// Every delivery failed (maxDequeueCount): the run is marked failed and unwound, nothing half-paid.
app.storageQueue('payment-runs-poisoned', {
  queueName: poisonQueueName(queueName(settings.QUEUE_PREFIX, 'payment-runs')),
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    const services = await getServices();
    const parsed = runMessage.safeParse(message);
    if (!parsed.success) return services.logger.error('poisoned payment-run message malformed; dropped', {});
    await failPaymentRun(runDependencies(services), parsed.data, 'every delivery of its message failed');
  },
});
