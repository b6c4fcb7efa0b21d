import { ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { Settings } from '../config/settings';
import { noTelemetry, type Telemetry } from './telemetry';

let started: Telemetry | undefined;

type TelemetrySettings = Pick<
  Settings,
  'APPLICATIONINSIGHTS_CONNECTION_STRING' | 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
>;

/**
 * Application Insights when a connection string is set, once per process; otherwise nothing.
 * The SDK (OpenTelemetry underneath) is loaded only then, so it costs nothing locally.
 *
 * In Azure the resource refuses the instrumentation key alone (local auth is disabled), so the
 * SDK sends with the managed identity named by APPLICATIONINSIGHTS_AUTHENTICATION_STRING, the
 * same setting the Functions host reads for its own telemetry.
 *
 * Requests are recorded once, by the Functions host: it sees every invocation (HTTP, queue,
 * timer) with its result code and duration, and host.json keeps them out of sampling. The app
 * records none (no trackRequest, no incoming-request auto-collection); its per-request log line
 * carries the request id and organisation as a trace under the host's operation. Exceptions and
 * events are the app's own.
 */
export function startTelemetry(settings: TelemetrySettings): Telemetry {
  const connectionString = settings.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!connectionString) return noTelemetry;
  if (started) return started;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const appInsights = require('applicationinsights') as typeof import('applicationinsights');
  appInsights
    .setup(connectionString)
    .setAutoCollectConsole(false)
    .setSendLiveMetrics(false)
    .setAutoCollectRequests(false);
  const client = appInsights.defaultClient;
  const authentication = settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING;
  if (authentication) client.config.aadTokenCredential = managedIdentityFrom(authentication);
  appInsights.start();
  started = {
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

/** `Authorization=AAD[;ClientId=<user-assigned identity>]`; without a client id, the system-assigned identity. */
function managedIdentityFrom(authentication: string): TokenCredential {
  const clientId = /(?:^|;)ClientId=([^;]+)/i.exec(authentication)?.[1];
  return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
}
