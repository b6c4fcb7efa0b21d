import { checkHealth, healthReport } from '../shared/platform/health/dependency-health';
import { dependencyProbes } from '../shared/platform/health/dependency-probes';
import { defineRoute } from '../shared/platform/http/route';

defineRoute({
  name: 'health',
  method: 'GET',
  route: 'health',
  access: { public: true, reason: 'load balancers and operators probe it without credentials; it reveals no data' },
  response: { 200: healthReport, 503: healthReport },
  handler: async ({ services }) => {
    const report = await checkHealth(dependencyProbes(services));
    return { status: report.status === 'ok' ? 200 : 503, body: report };
  },
});
