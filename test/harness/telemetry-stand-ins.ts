import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIngestionStandIn, type IngestionStandIn } from '../stand-ins/azure-monitor/server';
import { startManagedIdentityStandIn, type ManagedIdentityStandIn } from '../stand-ins/managed-identity/server';

export interface TelemetryStandIns {
  readonly identity: ManagedIdentityStandIn;
  readonly ingestion: IngestionStandIn;
  /** The app's settings that send its telemetry to the stand-ins with the managed identity's token. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Application Insights as a resource with local auth disabled: an ingestion stand-in (HTTPS, with a
 * certificate the app trusts) that accepts only a bearer token, and the managed-identity stand-in
 * that issues it to `clientId`.
 */
export async function startTelemetryStandIns(clientId: string = randomUUID()): Promise<TelemetryStandIns> {
  const identity = await startManagedIdentityStandIn();
  const ingestion = await startIngestionStandIn(identity.token);
  const trust = join(mkdtempSync(join(tmpdir(), 'ingestion-ca-')), 'ca.pem');
  writeFileSync(trust, ingestion.certificate);
  return {
    identity,
    ingestion,
    env: {
      ...identity.env,
      NODE_EXTRA_CA_CERTS: trust,
      APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `Authorization=AAD;ClientId=${clientId}`,
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL: 'true',
    },
    stop: async () => {
      await ingestion.stop();
      await identity.stop();
    },
  };
}
