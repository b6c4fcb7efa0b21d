import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCosmosRecorder, type CosmosRecorder, type RecordedRequest } from '../harness/cosmos-recorder';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { addTestMember, addTestOrganization, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

/**
 * The organisation document has one owner (shared/platform/organization): the pipeline reads it
 * once per request, for the lockdown check, and hands that copy to the handler. Counted at the
 * wire, between the app and Cosmos.
 */
describe('the organisation document is read once per request', () => {
  let recorder: CosmosRecorder;
  let host: RunningHost;
  let data: Container;
  let authorization: string;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const accounts: Record<string, string> = {};

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${host.url}/api/ledger${path}`, {
      method,
      headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return (await response.json()) as { id: string };
  };
  // A point read of the document, or a query (not its plan) that names it: the pipeline reads the
  // organisation with the session, the member and the address block in one query.
  const readsOrganization = (r: RecordedRequest) =>
    (r.method === 'GET' && r.path.endsWith(`/colls/tenant-data/docs/${org}`)) ||
    (r.method === 'POST' &&
      !r.queryPlan &&
      r.body.includes('"query"') &&
      r.body.includes(`"${org}"`) &&
      r.body.includes('@ids'));
  const organizationReads = () => recorder.take().filter(readsOrganization).length;

  beforeAll(async () => {
    recorder = await startCosmosRecorder();
    host = await startHostedApp({
      entry: 'functions/index.ts',
      env: { ...secrets, COSMOS_ENDPOINT: recorder.endpoint },
    });
    data = host.containers.tenantData;
    await addTestOrganization(data, org, { slug: 'once', name: 'Once', booksStartMonth: '2026-01' });
    await addTestMember(data, org, 'member-cfo', { ledger: 'admin', 'journal-entries': 'admin', settings: 'admin' });
    authorization = (await openTestSession(data, tokens, org, 'member-cfo')).authorization;
    for (const [code, type] of [
      ['1000', 'asset'],
      ['4000', 'revenue'],
    ] as const)
      accounts[code] = (await call('POST', '/accounts', { code, name: code, type })).id;
    // Until the first entry is numbered the books settings may still change, so the posting lane
    // reads them from the store after the entry counter (ledger/books.ts, `FixedBooks`); this
    // suite counts the steady state that follows.
    await call('POST', '/journal-entries/create-and-post', {
      date: '2026-01-05',
      memo: 'opening',
      currency: 'USD',
      lines: [
        { accountId: accounts['1000'], side: 'debit', amount: '1.00' },
        { accountId: accounts['4000'], side: 'credit', amount: '1.00' },
      ],
    });
  });
  afterAll(async () => {
    await host?.stop();
    await recorder?.stop();
  });

  it('drafting, posting and reporting each read it exactly once, though each uses its settings', async () => {
    recorder.take();
    const draft = await call('POST', '/journal-entries', {
      date: '2026-02-10',
      memo: 'sale',
      currency: 'USD',
      lines: [
        { accountId: accounts['1000'], side: 'debit', amount: '12.50' },
        { accountId: accounts['4000'], side: 'credit', amount: '12.50' },
      ],
    });
    expect(organizationReads()).toBe(1);
    await call('POST', `/journal-entries/${draft.id}/post`);
    expect(organizationReads()).toBe(1);
    await call('GET', '/reports/trial-balance?asOf=2026-02-28');
    expect(organizationReads()).toBe(1);
  });

  it('authentication reads the session, member, address block and organisation in one query, no point reads', async () => {
    recorder.take();
    await call('GET', '/accounts');
    const requests = recorder.take();
    const authentication = requests.filter((r) => r.body.includes('@ids'));
    expect(authentication.filter((r) => !r.queryPlan)).toHaveLength(1);
    expect(requests.filter((r) => r.method === 'GET' && /\/docs\/(session|member)-/.test(r.path))).toHaveLength(0);
  });

  it('a settings change reads it once and writes it under the ETag of that read', async () => {
    recorder.take();
    await call('PUT', '/settings/dual-control', { enabled: true });
    const requests = recorder.take();
    expect(requests.filter(readsOrganization)).toHaveLength(1);
    // The write itself goes in the transactional batch (a POST to the collection), not a point write.
    expect(requests.filter((r) => r.path.includes(`/docs/${org}`) && r.method !== 'GET')).toHaveLength(0);
    expect(requests.some((r) => r.method === 'POST' && r.path.endsWith('/colls/tenant-data/docs'))).toBe(true);
  });
});
