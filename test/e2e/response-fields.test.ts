import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startTestApp } from '../harness/local-host';
import { addTestMember, addTestOrganization, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

/** What the data layer and Cosmos keep on every document; none of it is any client's business. */
const internal = new Set(['tenantId', 'etag', '_etag', '_rid', '_self', '_ts', '_attachments', '_lsn', 'immutable']);

function internalKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => internalKeys(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(internal.has(key) ? [`${path}.${key}`] : []),
    ...internalKeys(item, `${path}.${key}`),
  ]);
}

describe('responses of the real app carry only declared fields', () => {
  let host: RunningHost;
  let data: Container;
  let authorization: string;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const seen: Array<{ route: string; body: unknown }> = [];

  beforeAll(async () => {
    host = await startTestApp(secrets);
    data = host.containers.tenantData;
    await addTestMember(data, org, 'member-owner', { ledger: 'admin', 'journal-entries': 'admin', members: 'admin' });
    authorization = (await openTestSession(data, tokens, org, 'member-owner')).authorization;
    await addTestOrganization(data, org, { slug: org, name: 'Fields', booksStartMonth: '2026-01' });
  });
  afterAll(async () => {
    await host?.stop();
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${host.url}/api/${path}`, {
      method,
      headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const answer = { status: response.status, body: response.status === 204 ? undefined : await response.json() };
    seen.push({ route: `${method} ${path}`, body: answer.body });
    return answer;
  }

  it('the period reopen answer is the period as declared, without tenantId, etag or type', async () => {
    const cash = (await call('POST', 'ledger/accounts', { code: '1000', name: 'Cash', type: 'asset' })).body as {
      id: string;
    };
    const sales = (await call('POST', 'ledger/accounts', { code: '4000', name: 'Sales', type: 'revenue' })).body as {
      id: string;
    };
    const draft = await call('POST', 'ledger/journal-entries', {
      date: '2026-01-15',
      memo: 'Sale',
      currency: 'USD',
      lines: [
        { accountId: cash.id, side: 'debit', amount: '10.00' },
        { accountId: sales.id, side: 'credit', amount: '10.00' },
      ],
    });
    const entryId = (draft.body as { id: string }).id;
    expect((await call('POST', `ledger/journal-entries/${entryId}/post`)).status).toBe(200);
    expect((await call('POST', 'ledger/periods/2026-01/close')).status).toBe(200);

    const reopened = await call('POST', 'ledger/periods/2026-01/reopen');
    expect(reopened.status).toBe(200);
    expect(reopened.body).toEqual({
      state: 'reopened',
      period: {
        month: '2026-01',
        status: 'open',
        postings: 1,
        closedAt: null,
        closedBy: null,
        snapshotVersion: 1,
        closingEntryId: null,
      },
    });
    expect((await call('POST', 'ledger/periods/2026-01/close')).body).toEqual({
      month: '2026-01',
      status: 'closed',
      postings: 1,
      closedAt: expect.any(String) as string,
      closedBy: 'member-owner',
      snapshotVersion: 2,
      closingEntryId: null,
    });
    expect(Object.keys((await call('POST', 'ledger/periods/2026-01/lock')).body as object).sort()).toEqual([
      'closedAt',
      'closedBy',
      'closingEntryId',
      'month',
      'postings',
      'snapshotVersion',
      'status',
    ]);

    for (const path of [
      `ledger/journal-entries/${entryId}`,
      'ledger/journal-entries',
      `ledger/accounts/${cash.id}`,
      'ledger/accounts',
      'ledger/periods',
      'ledger/reports/trial-balance?asOf=2026-01-31',
      `ledger/reports/accounts/${cash.id}/detail?from=2026-01-01&to=2026-01-31`,
      'admin/members',
      'admin/sessions',
      'me',
      'me/sessions',
    ])
      expect((await call('GET', path)).status, path).toBe(200);
    expect(seen.length).toBeGreaterThan(15);
    expect(seen.flatMap(({ route, body }) => internalKeys(body).map((key) => `${route}: ${key}`))).toEqual([]);
  });
});
