import { checkHealth } from '../shared/platform/health/dependency-health';
import { defineRoute } from '../shared/platform/http/route';
import { allQueues } from '../shared/platform/queues/queue-names';
import { allBlobContainers } from '../shared/platform/storage/blob-containers';

defineRoute({
  name: 'health',
  method: 'GET',
  route: 'health',
  access: { public: true, reason: 'load balancers and operators probe it without credentials; it reveals no data' },
  handler: async ({ services }) => {
    const report = await checkHealth({
      cosmos: async () => {
        await Promise.all([services.containers.tenantData.read(), services.containers.platform.read()]);
      },
      queues: async () => {
        await Promise.all(allQueues.map((name) => services.queueService.getQueueClient(name).getProperties()));
      },
      blobs: async () => {
        await Promise.all(allBlobContainers.map((name) => services.blobService.getContainerClient(name).getProperties()));
      },
    });
    return { status: report.status === 'ok' ? 200 : 503, body: report };
  },
});
