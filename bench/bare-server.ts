/**
 * The baseline: a bare Node http server doing the same work as the app's routes (the same
 * rate-limit count, health probes, point read, the same clients) with no host, no pipeline.
 */
import { createServer } from 'node:http';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { createSharedRateLimiter } from '../shared/platform/auth/shared-rate-limiter';
import { systemClock } from '../shared/platform/clock';
import { containers } from '../shared/platform/data/containers';
import { cosmosClientFor } from '../shared/platform/data/cosmos-client';
import { checkHealth } from '../shared/platform/health/dependency-health';
import { dependencyProbes } from '../shared/platform/health/dependency-probes';
import { createLogger } from '../shared/platform/telemetry/json-logger';
import { noTelemetry } from '../shared/platform/telemetry/telemetry';
import { readBenchAccount } from './point-read';
import { PlatformRepository } from '../shared/platform/data/platform-repository';

const env = process.env as Record<string, string>;
const database = cosmosClientFor({ COSMOS_ENDPOINT: env.COSMOS_ENDPOINT!, COSMOS_KEY: env.COSMOS_KEY }).database(
  env.COSMOS_DATABASE!,
);
const tenantData = database.container(containers.tenantData.name);
const platform = database.container(containers.platform.name);
const probes = dependencyProbes({
  containers: { tenantData, platform },
  queueService: QueueServiceClient.fromConnectionString(env.AzureWebJobsStorage!),
  blobService: BlobServiceClient.fromConnectionString(env.AzureWebJobsStorage!),
  settings: { QUEUE_PREFIX: env.QUEUE_PREFIX ?? '' },
});

const limit = Number(env.RATE_LIMIT_GLOBAL_PER_MINUTE);
const report = { logger: createLogger({ level: 'error' }), telemetry: noTelemetry };
const rateLimiter = createSharedRateLimiter(new PlatformRepository(platform), systemClock, report, {
  global: limit,
  authentication: limit,
});

const server = createServer((req, res) => {
  void (async () => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    await rateLimiter.check(`ip:${req.socket.remoteAddress ?? 'unknown'}`, 'global');
    if (req.url === '/api/health') {
      const report = await checkHealth(probes);
      send(report.status === 'ok' ? 200 : 503, report);
      return;
    }
    const match = /^\/api\/bench\/accounts\/([^/?]+)$/.exec(req.url ?? '');
    if (match) {
      send(200, await readBenchAccount(tenantData, decodeURIComponent(match[1]!)));
      return;
    }
    send(404, {});
  })().catch(() => {
    res.writeHead(500).end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(env.PORT), '127.0.0.1', () => console.log('listening'));
