import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const fixture = resolve(__dirname, '../fixtures/host-app');
const { secrets, tokens } = testSecrets();
let author = '';

describe('response schemas in the pipeline', () => {
  let host: RunningHost;

  beforeAll(async () => {
    host = await startHostedApp({ appRoot: fixture, env: { ...secrets } });
    const data = host.containers.tenantData;
    await addTestMember(data, 'tenant-r', 'member-ann', { ledger: 'contribute' });
    author = (await openTestSession(data, tokens, 'tenant-r', 'member-ann')).authorization;
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('sends only what the route declares, even when the handler returns a stored document whole', async () => {
    const created = await fetch(`${host.url}/api/notes`, {
      method: 'POST',
      headers: { authorization: author, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'kept', amount: '1.00' }),
    });
    const { id } = (await created.json()) as { id: string };
    const response = await fetch(`${host.url}/api/notes/${id}`, { headers: { authorization: author } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ id, text: 'kept', meta: { createdBy: 'member-ann' } });
    expect(text).not.toMatch(/tenant-r|tenantId|etag|"type"|_rid|_ts/);
  });

  it('answers a body that breaks its schema with a logged 500 that leaks nothing of it', async () => {
    const response = await fetch(`${host.url}/api/misfit`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(text).not.toContain('hunter3');
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual([
      'detail',
      'instance',
      'requestId',
      'status',
      'title',
      'type',
    ]);
    const requestId = response.headers.get('x-request-id')!;
    // The host logs after answering, so the line may trail the response.
    const deadline = Date.now() + 3_000;
    while (!host.output().includes(requestId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const logged = host
      .output()
      .split('\n')
      .find((line) => line.includes(requestId) && line.includes('request failed'));
    expect(logged).toMatch(/route misfit answered 200 outside its response schema: id: Invalid input/);
    expect(logged).not.toContain('hunter3');
  });
});
