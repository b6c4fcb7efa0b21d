import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostedApp, type RunningHost } from '../harness/local-host';

describe('the function app under the local host', () => {
  let host: RunningHost;
  beforeAll(async () => {
    host = await startHostedApp({ entry: 'functions/index.ts' });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('GET /api/health answers 200 with every dependency up and no secrets', async () => {
    const response = await fetch(`${host.url}/api/health`);
    const body = (await response.json()) as { status: string; dependencies: Record<string, { status: string }> };

    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.dependencies).sort()).toEqual(['blobs', 'cosmos', 'queues']);
    for (const dependency of Object.values(body.dependencies)) expect(dependency.status).toBe('up');
    expect(JSON.stringify(body)).not.toMatch(/AccountKey|devstoreaccount1|127\.0\.0\.1/);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('strict-transport-security')).toContain('max-age');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('an unknown route gets 404 as problem+json', async () => {
    const response = await fetch(`${host.url}/api/no-such-thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('a known route with the wrong method gets 405 naming the allowed ones', async () => {
    const response = await fetch(`${host.url}/api/health`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('starting the function app with bad configuration', () => {
  /** The host's output when it failed to start, or undefined when it started. */
  async function startFailure(env: Record<string, string>): Promise<string | undefined> {
    return startHostedApp({ entry: 'functions/index.ts', env }).then(
      async (host) => {
        await host.stop();
        return undefined;
      },
      (error: unknown) => String(error),
    );
  }

  it('stops at load with a message naming the malformed setting, not its value', async () => {
    const failure = await startFailure({ COSMOS_ENDPOINT: 'cosmos-secret-host' });
    expect(failure).toMatch(/setting COSMOS_ENDPOINT is malformed/);
    expect(failure).not.toContain('cosmos-secret-host');
  });

  it('refuses to start in production without Key Vault secrets', async () => {
    expect(await startFailure({ LEDGERLINE_ENV: 'production' })).toMatch(/KEY_VAULT_URI is missing/);
  });
});
