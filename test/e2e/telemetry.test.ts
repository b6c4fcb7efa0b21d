import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCookieName } from '../../shared/identity/refresh-tokens';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { alertedEvents } from '../../shared/platform/telemetry/alerted-events';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { queueSenderFor } from '../harness/outbox';
import { startTelemetryStandIns, type TelemetryStandIns } from '../harness/telemetry-stand-ins';
import type { IngestionStandIn } from '../stand-ins/azure-monitor/server';
import type { ManagedIdentityStandIn } from '../stand-ins/managed-identity/server';

const spa = 'http://localhost:5173';
const identityClientId = randomUUID();

async function eventually<T>(read: () => T | undefined, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for telemetry');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The real Application Insights SDK in the app, run by the local host, sending to a stand-in
 * ingestion endpoint that (like the resource with local auth disabled) accepts only a bearer
 * token, which the app must get from a stand-in managed-identity endpoint.
 */
describe('telemetry with local auth disabled', () => {
  let host: RunningHost;
  let ingestion: IngestionStandIn;
  let identity: ManagedIdentityStandIn;
  let standIns: TelemetryStandIns;

  beforeAll(async () => {
    standIns = await startTelemetryStandIns(identityClientId);
    ({ identity, ingestion } = standIns);
    host = await startHostedApp({
      entry: 'functions/index.ts',
      env: {
        ...generateDevelopmentSecrets(),
        ...standIns.env,
        RATE_LIMIT_AUTHENTICATION_PER_MINUTE: '2',
        SPA_URL: spa,
      },
    });
  }, 90_000);
  afterAll(async () => {
    await host?.stop();
    await standIns?.stop();
  });

  it(
    'sends the alerted events with the managed identity, and records no requests of its own',
    { timeout: 90_000 },
    async () => {
      const refreshes = [];
      for (let i = 0; i < 5; i += 1) {
        refreshes.push(
          await fetch(`${host.url}/api/auth/refresh`, {
            method: 'POST',
            headers: { origin: spa, cookie: `${refreshCookieName}=not-a-token` },
          }).then((r) => r.status),
        );
      }
      expect(refreshes).toContain(401);
      expect(refreshes).toContain(429);
      const forged = await fetch(`${host.url}/api/me`, { headers: { authorization: 'Bearer a.b.c' } });
      expect(forged.status).toBe(401);
      // An organisation whose audit head points past its records: the integrity check of it breaks.
      const tenantId = `org-${randomUUID().slice(0, 8)}`;
      const data = host.containers.tenantData;
      const system = { tenantId, actor: { id: 'system:test', kind: 'system' as const } };
      await new TenantRepository(data, system).create('organization', tenantId, { slug: tenantId, name: 'Broken' });
      await new TenantRepository(data, system).create('audit-head', 'audit-head', {
        sequence: 3,
        hash: 'f'.repeat(64),
      });
      await queueSenderFor(host.queuePrefix).send('integrity-checks', { tenantId, asOf: '2026-11-25' });

      const names = () =>
        new Set(ingestion.envelopes.filter((e) => e.data?.baseType === 'EventData').map((e) => e.data?.baseData?.name));
      const wanted = Object.values(alertedEvents);
      const seen = await eventually(() => (wanted.every((name) => names().has(name)) ? names() : undefined));
      expect([...seen]).toEqual(expect.arrayContaining(wanted));

      // Stopping runs the app's appTerminate hook, which flushes every pipeline (events, traces, requests).
      await host.stop();
      expect(ingestion.batches.length).toBeGreaterThan(0);
      expect(ingestion.batches.every((batch) => batch.authorization === `Bearer ${identity.token}`)).toBe(true);
      expect(identity.requests).toContainEqual({
        resource: 'https://monitor.azure.com',
        clientId: identityClientId,
        authenticated: true,
      });
      // The Functions host records each invocation as a request; the app must not record it again.
      expect(ingestion.envelopes.filter((e) => e.data?.baseType === 'RequestData')).toEqual([]);
    },
  );
});
