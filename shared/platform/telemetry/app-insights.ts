import type { Settings } from '../config/settings';
import { noTelemetry, type Telemetry } from './telemetry';

let started: Telemetry | undefined;

/**
 * Application Insights when a connection string is set, once per process; otherwise nothing.
 * The SDK (OpenTelemetry underneath) is loaded only then, so it costs nothing locally.
 * Requests and exceptions are kept out of sampling in host.json; here we only add our own.
 */
export function startTelemetry(settings: Pick<Settings, 'APPLICATIONINSIGHTS_CONNECTION_STRING'>): Telemetry {
  const connectionString = settings.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!connectionString) return noTelemetry;
  if (started) return started;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const appInsights = require('applicationinsights') as typeof import('applicationinsights');
  appInsights.setup(connectionString).setAutoCollectConsole(false).setSendLiveMetrics(false).start();
  const client = appInsights.defaultClient;
  started = {
    trackRequest: (request) =>
      client.trackRequest({
        name: request.name,
        url: request.url,
        duration: request.durationMs,
        resultCode: String(request.status),
        success: request.status < 500,
        properties: { requestId: request.requestId, ...(request.tenantId ? { tenantId: request.tenantId } : {}) },
      }),
    trackException: (error, properties) =>
      client.trackException({
        exception: error instanceof Error ? error : new Error(String(error)),
        properties: { ...properties },
      }),
    trackEvent: (name, properties) => client.trackEvent({ name, properties: { ...properties } }),
    flush: async () => {
      await client.flush();
    },
  };
  return started;
}
