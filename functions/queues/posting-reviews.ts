import { app } from '@azure/functions';
import { queueName } from '../../shared/platform/queues/queue-names';
import { getServices } from '../../shared/platform/services';
import { reviewPostingsFor } from '../../shared/security-signals/security-signals';
import { signalsDependenciesOf } from '../../shared/security-signals/security-signals-dependencies';
import { settings } from '../app-setup';

// New postings of an organisation judged against its accounts' usual amounts, off the posting path.
app.storageQueue('posting-reviews', {
  queueName: queueName(settings.QUEUE_PREFIX, 'posting-reviews'),
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    const services = await getServices();
    await reviewPostingsFor(signalsDependenciesOf(services), message);
  },
});
