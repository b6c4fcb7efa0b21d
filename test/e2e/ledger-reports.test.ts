import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { type RunningHost, startTestApp } from '../harness/local-host';
import { addDimensions } from '../harness/dimensions';
import { addTestMember, addTestOrganization, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

describe('ledger reports over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  let authorization: string;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const ids: Record<string, string> = {};

  const call = async (method: string, path: string, body?: unknown) =>
    fetch(`${host.url}/api/ledger${path}`, {
      method,
      headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const json = async <T>(path: string) => (await (await call('GET', path)).json()) as T;

  async function post(
    date: string,
    amount: string,
    debit: string,
    credit: string,
    dims: { facility?: string; division?: string } = {},
  ) {
    const draft = await call('POST', '/journal-entries', {
      date,
      memo: `${debit}/${credit}`,
      currency: 'USD',
      lines: [
        { accountId: ids[debit], side: 'debit', amount, ...dims },
        { accountId: ids[credit], side: 'credit', amount, ...dims },
      ],
    });
    const posted = await call('POST', `/journal-entries/${((await draft.json()) as { id: string }).id}/post`);
    expect(posted.status).toBe(200);
  }

  beforeAll(async () => {
    host = await startTestApp(secrets);
    data = host.containers.tenantData;
    await addTestOrganization(data, org, { slug: 'reports', name: 'Reports', booksStartMonth: '2026-01' });
    await addTestMember(data, org, 'member-cfo', { ledger: 'admin', 'journal-entries': 'admin', settings: 'admin' });
    authorization = (await openTestSession(data, tokens, org, 'member-cfo')).authorization;
    await addDimensions(`${host.url}/api`, authorization, {
      facilities: ['plant-1', 'plant-2'],
      divisions: ['retail'],
    });
    for (const [code, type] of [
      ['1000', 'asset'],
      ['1100', 'asset'],
      ['2000', 'liability'],
      ['3000', 'equity'],
      ['4000', 'revenue'],
      ['6100', 'expense'],
    ] as const) {
      ids[code] = (
        (await (await call('POST', '/accounts', { code, name: `Account ${code}`, type })).json()) as { id: string }
      ).id;
    }
    await post('2026-01-05', '1000.00', '1000', '3000');
    await post('2026-01-10', '300.00', '1000', '4000', { facility: 'plant-1', division: 'retail' });
    await post('2026-02-03', '120.00', '6100', '1000', { facility: 'plant-2' });
    expect((await call('POST', '/periods/2026-01/close')).status).toBe(200);
    await post('2026-03-01', '50.00', '1100', '4000');
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('the trial balance balances and reads January from its snapshot plus later postings', async () => {
    const report = await json<{
      rows: Array<{ code: string; debit: string; credit: string }>;
      totals: { debit: string; credit: string };
    }>('/reports/trial-balance?asOf=2026-03-31');
    expect(report.totals).toEqual({ debit: '1350.00', credit: '1350.00' });
    expect(report.rows.find((r) => r.code === '1000')).toMatchObject({ debit: '1180.00', credit: '0.00' });
    expect(report.rows.find((r) => r.code === '4000')).toMatchObject({ debit: '0.00', credit: '350.00' });
  });

  it('the income statement covers exactly its date range', async () => {
    expect((await json<{ totals: object }>('/reports/income-statement?from=2026-01-01&to=2026-03-31')).totals).toEqual({
      revenue: '350.00',
      expenses: '120.00',
      netIncome: '230.00',
    });
    expect((await json<{ totals: object }>('/reports/income-statement?from=2026-02-01&to=2026-02-28')).totals).toEqual({
      revenue: '0.00',
      expenses: '120.00',
      netIncome: '-120.00',
    });
    expect((await call('GET', '/reports/income-statement?from=2026-03-01&to=2026-02-01')).status).toBe(400);
  });

  it('the balance sheet balances, unclosed earnings included', async () => {
    const sheet = await json<{ totals: { assets: string; liabilitiesAndEquity: string }; unclosedEarnings: string }>(
      '/reports/balance-sheet?asOf=2026-03-31',
    );
    expect(sheet.totals).toEqual({ assets: '1230.00', liabilitiesAndEquity: '1230.00' });
    expect(sheet.unclosedEarnings).toBe('230.00');
  });

  it('filters by facility and division, applied independently', async () => {
    const plant1 = await json<{ rows: Array<{ code: string; debit: string; credit: string }> }>(
      '/reports/trial-balance?asOf=2026-03-31&facility=plant-1',
    );
    expect(plant1.rows.map((r) => [r.code, r.debit, r.credit])).toEqual([
      ['1000', '300.00', '0.00'],
      ['4000', '0.00', '300.00'],
    ]);
    const retail = await json<{ totals: object }>(
      '/reports/income-statement?from=2026-01-01&to=2026-03-31&division=retail',
    );
    expect(retail.totals).toEqual({ revenue: '300.00', expenses: '0.00', netIncome: '300.00' });
  });

  it('account detail pages with a running balance carried across pages', async () => {
    type Detail = { opening?: string; lines: Array<{ balance: string }>; continuationToken: string | null };
    const first = await json<Detail>(
      `/reports/accounts/${ids['1000']}/detail?from=2026-01-01&to=2026-03-31&pageSize=2`,
    );
    expect(first.opening).toBe('0.00');
    expect(first.lines.map((l) => l.balance)).toEqual(['1000.00', '1300.00']);
    expect(first.continuationToken).toBeTruthy();
    const second = await json<Detail>(
      `/reports/accounts/${ids['1000']}/detail?from=2026-01-01&to=2026-03-31&pageSize=2&continuationToken=${first.continuationToken}`,
    );
    expect(second.lines.map((l) => l.balance)).toEqual(['1180.00']);
  });

  it('account detail filters by facility too', async () => {
    const plant1 = await json<{ opening: string; lines: Array<{ balance: string; debit: string }> }>(
      `/reports/accounts/${ids['1000']}/detail?from=2026-01-01&to=2026-03-31&facility=plant-1`,
    );
    expect(plant1.opening).toBe('0.00');
    expect(plant1.lines.map((l) => [l.debit, l.balance])).toEqual([['300.00', '300.00']]);
  });

  describe('account detail continuation tokens', () => {
    type Detail = { lines: Array<{ balance: string }>; continuationToken: string | null };
    const detail = (account: string, query: string, auth = authorization) =>
      fetch(`${host.url}/api/ledger/reports/accounts/${account}/detail?${query}`, { headers: { authorization: auth } });
    const range = 'from=2026-01-01&to=2026-03-31&pageSize=2';
    const firstToken = async () => ((await (await detail(ids['1000']!, range)).json()) as Detail).continuationToken!;

    it('refuses a token whose running balance was forged', async () => {
      const forged = Buffer.from(JSON.stringify({ cosmos: 'x', running: '99999900' })).toString('base64url');
      const response = await detail(ids['1000']!, `${range}&continuationToken=${forged}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors?: Array<{ field: string }> }).errors?.[0]?.field).toBe(
        'continuationToken',
      );
    });

    it('refuses a genuine token changed in one character', async () => {
      const token = await firstToken();
      const at = Math.floor(token.length / 2);
      const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      expect((await detail(ids['1000']!, `${range}&continuationToken=${tampered}`)).status).toBe(400);
    });

    it('refuses malformed tokens with 400, never 500', async () => {
      for (const malformed of ['x', 'not-a-token', Buffer.from('{"cosmos":1}').toString('base64url'), '%7B%7D']) {
        expect((await detail(ids['1000']!, `${range}&continuationToken=${malformed}`)).status).toBe(400);
      }
    });

    it("refuses another account's token and a token from other filters", async () => {
      const token = await firstToken();
      expect((await detail(ids['4000']!, `${range}&continuationToken=${token}`)).status).toBe(400);
      expect(
        (await detail(ids['1000']!, `from=2026-01-02&to=2026-03-31&pageSize=2&continuationToken=${token}`)).status,
      ).toBe(400);
      expect((await detail(ids['1000']!, `${range}&facility=plant-1&continuationToken=${token}`)).status).toBe(400);
    });

    it("refuses another organisation's token", async () => {
      const theirs = `org-${randomUUID().slice(0, 8)}`;
      await addTestOrganization(data, theirs, { slug: 'theirs', name: 'Theirs', booksStartMonth: '2026-01' });
      // The same account id in their books, so only the organisation tells the two tokens apart.
      await new TenantRepository(data, { tenantId: theirs, actor: { id: 'system:test', kind: 'system' } }).create(
        'account',
        ids['1000']!,
        {
          code: '1000',
          name: 'Cash',
          accountType: 'asset',
          normalBalance: 'debit',
          parentId: null,
          facility: null,
          division: null,
          active: true,
          deleted: false,
          postingCount: 0,
        },
      );
      await addTestMember(data, theirs, 'member-cfo', { ledger: 'admin', 'journal-entries': 'admin' });
      const theirAuth = (await openTestSession(data, tokens, theirs, 'member-cfo')).authorization;
      const token = await firstToken();
      expect((await detail(ids['1000']!, range, theirAuth)).status).toBe(200);
      expect((await detail(ids['1000']!, `${range}&continuationToken=${token}`, theirAuth)).status).toBe(400);
      expect((await detail(ids['1000']!, `${range}&continuationToken=${token}`)).status).toBe(200);
    });
  });

  it('gives any report as CSV', async () => {
    const response = await call('GET', '/reports/trial-balance?asOf=2026-03-31&format=csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toBe('code,name,type,debit,credit');
    expect(lines).toContain('1000,Account 1000,asset,1180.00,0.00');
  });

  describe('facility and division names containing "|"', () => {
    const pipes = `org-${randomUUID().slice(0, 8)}`;
    let pipesAuth: string;
    const pipeIds: Record<string, string> = {};
    const pipesCall = (method: string, path: string, body?: unknown) =>
      fetch(`${host.url}/api/ledger${path}`, {
        method,
        headers: { authorization: pipesAuth, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    type Tb = { rows: Array<{ code: string; debit: string; credit: string }> };
    const tb = async (query: string) =>
      ((await (await pipesCall('GET', `/reports/trial-balance?${query}`)).json()) as Tb).rows.map((r) => [
        r.code,
        r.debit,
        r.credit,
      ]);

    beforeAll(async () => {
      // September ends the fiscal year, so closing it also posts the year-end closing entry.
      await addTestOrganization(data, pipes, {
        slug: 'pipes',
        name: 'Pipes',
        fiscalYearStartMonth: 10,
        booksStartMonth: '2026-09',
      });
      await addTestMember(data, pipes, 'member-cfo', {
        ledger: 'admin',
        'journal-entries': 'admin',
        settings: 'admin',
      });
      pipesAuth = (await openTestSession(data, tokens, pipes, 'member-cfo')).authorization;
      await addDimensions(`${host.url}/api`, pipesAuth, { facilities: ['a|b', 'a'], divisions: ['c', 'b|c'] });
      for (const [code, type] of [
        ['1000', 'asset'],
        ['3900', 'equity'],
        ['4000', 'revenue'],
      ] as const) {
        pipeIds[code] = (
          (await (await pipesCall('POST', '/accounts', { code, name: `Account ${code}`, type })).json()) as {
            id: string;
          }
        ).id;
      }
      // Joined with "|", both would read "a|b|c": the money of one would show under the other.
      for (const [amount, facility, division] of [
        ['300.00', 'a|b', 'c'],
        ['50.00', 'a', 'b|c'],
      ] as const) {
        const draft = (await (
          await pipesCall('POST', '/journal-entries', {
            date: '2026-09-05',
            memo: 'pipes',
            currency: 'USD',
            lines: [
              { accountId: pipeIds['1000'], side: 'debit', amount, facility, division },
              { accountId: pipeIds['4000'], side: 'credit', amount, facility, division },
            ],
          })
        ).json()) as { id: string };
        expect((await pipesCall('POST', `/journal-entries/${draft.id}/post`)).status).toBe(200);
      }
    });

    it('keeps each amount under its own facility and division, before and after a year-end close', async () => {
      expect(await tb('asOf=2026-09-30&facility=a%7Cb')).toEqual([
        ['1000', '300.00', '0.00'],
        ['4000', '0.00', '300.00'],
      ]);
      expect(await tb('asOf=2026-09-30&facility=a')).toEqual([
        ['1000', '50.00', '0.00'],
        ['4000', '0.00', '50.00'],
      ]);
      expect(await tb('asOf=2026-09-30&division=b%7Cc')).toEqual([
        ['1000', '50.00', '0.00'],
        ['4000', '0.00', '50.00'],
      ]);
      expect(await tb('asOf=2026-09-30&division=b')).toEqual([]);

      expect(
        (await pipesCall('PUT', '/settings/retained-earnings-account', { accountId: pipeIds['3900'] })).status,
      ).toBe(200);
      const close = await pipesCall('POST', '/periods/2026-09/close');
      expect(close.status).toBe(200);
      const { closingEntryId } = (await close.json()) as { closingEntryId: string };
      const closing = (await (await pipesCall('GET', `/journal-entries/${closingEntryId}`)).json()) as {
        lines: Array<{ accountId: string; amount: string; facility: string | null; division: string | null }>;
      };
      expect(
        closing.lines.filter((l) => l.accountId === pipeIds['3900']).map((l) => [l.amount, l.facility, l.division]),
      ).toEqual(
        expect.arrayContaining([
          ['300.00', 'a|b', 'c'],
          ['50.00', 'a', 'b|c'],
        ]),
      );
      // October reads September's snapshot: the stored keys must keep the names apart too.
      expect(await tb('asOf=2026-10-31&facility=a%7Cb')).toEqual([
        ['1000', '300.00', '0.00'],
        ['3900', '0.00', '300.00'],
      ]);
      expect(await tb('asOf=2026-10-31&facility=a&division=b%7Cc')).toEqual([
        ['1000', '50.00', '0.00'],
        ['3900', '0.00', '50.00'],
      ]);
      expect(await tb('asOf=2026-10-31&division=c')).toEqual([
        ['1000', '300.00', '0.00'],
        ['3900', '0.00', '300.00'],
      ]);
    });
  });

  describe('fiscal year end', () => {
    const fy = `org-${randomUUID().slice(0, 8)}`;
    let fyAuth: string;
    const fyIds: Record<string, string> = {};
    const fyCall = (method: string, path: string, body?: unknown) =>
      fetch(`${host.url}/api/ledger${path}`, {
        method,
        headers: { authorization: fyAuth, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });

    beforeAll(async () => {
      // The fiscal year runs October to September, so closing September ends it.
      await addTestOrganization(data, fy, {
        slug: 'fy',
        name: 'FY',
        fiscalYearStartMonth: 10,
        booksStartMonth: '2026-08',
      });
      await addTestMember(data, fy, 'member-cfo', { ledger: 'admin', 'journal-entries': 'admin', settings: 'admin' });
      fyAuth = (await openTestSession(data, tokens, fy, 'member-cfo')).authorization;
      await addDimensions(`${host.url}/api`, fyAuth, { facilities: ['plant-1'] });
      for (const [code, type] of [
        ['1000', 'asset'],
        ['3900', 'equity'],
        ['4000', 'revenue'],
        ['6100', 'expense'],
      ] as const) {
        fyIds[code] = (
          (await (await fyCall('POST', '/accounts', { code, name: `Account ${code}`, type })).json()) as { id: string }
        ).id;
      }
      for (const [date, amount, debit, credit] of [
        ['2026-08-12', '100.00', '1000', '4000'],
        ['2026-09-02', '30.00', '6100', '1000'],
      ] as const) {
        const draft = (await (
          await fyCall('POST', '/journal-entries', {
            date,
            memo: 'fy',
            currency: 'USD',
            lines: [
              { accountId: fyIds[debit], side: 'debit', amount, facility: 'plant-1' },
              { accountId: fyIds[credit], side: 'credit', amount, facility: 'plant-1' },
            ],
          })
        ).json()) as { id: string };
        expect((await fyCall('POST', `/journal-entries/${draft.id}/post`)).status).toBe(200);
      }
      expect((await fyCall('POST', '/periods/2026-08/close')).status).toBe(200);
    });

    it('closing the last month moves income and expense into retained earnings with a numbered closing entry', async () => {
      expect((await fyCall('POST', '/periods/2026-09/close')).status).toBe(409);
      expect((await fyCall('PUT', '/settings/retained-earnings-account', { accountId: fyIds['4000'] })).status).toBe(
        409,
      );
      expect((await fyCall('PUT', '/settings/retained-earnings-account', { accountId: fyIds['3900'] })).status).toBe(
        200,
      );
      expect((await fyCall('POST', '/periods/2026-09/close')).status).toBe(200);

      const { items: periods } = (await (await fyCall('GET', '/periods')).json()) as {
        items: Array<{ month: string; closingEntryId: string | null }>;
      };
      const closingEntryId = periods.find((p) => p.month === '2026-09')?.closingEntryId;
      const closing = (await (await fyCall('GET', `/journal-entries/${closingEntryId}`)).json()) as {
        number: number;
        date: string;
        lines: Array<{ accountId: string; side: string; amount: string }>;
      };
      expect(closing).toMatchObject({ number: 3, date: '2026-09-30' });
      expect(closing.lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ accountId: fyIds['4000'], side: 'debit', amount: '100.00' }),
          expect.objectContaining({ accountId: fyIds['6100'], side: 'credit', amount: '30.00' }),
          expect.objectContaining({ accountId: fyIds['3900'], side: 'credit', amount: '70.00' }),
        ]),
      );

      const tb = (await (await fyCall('GET', '/reports/trial-balance?asOf=2026-09-30')).json()) as {
        rows: Array<{ code: string; debit: string; credit: string }>;
        totals: { debit: string; credit: string };
      };
      expect(tb.rows.map((r) => [r.code, r.debit, r.credit])).toEqual([
        ['1000', '70.00', '0.00'],
        ['3900', '0.00', '70.00'],
      ]);
      const income = (await (
        await fyCall('GET', '/reports/income-statement?from=2026-08-01&to=2026-09-30')
      ).json()) as { totals: object };
      expect(income.totals).toEqual({ revenue: '100.00', expenses: '30.00', netIncome: '70.00' });
      const byPlant = (await (
        await fyCall('GET', '/reports/income-statement?from=2026-08-01&to=2026-09-30&facility=plant-1')
      ).json()) as { totals: object };
      expect(byPlant.totals).toEqual({ revenue: '100.00', expenses: '30.00', netIncome: '70.00' });
      const sheet = (await (await fyCall('GET', '/reports/balance-sheet?asOf=2026-09-30')).json()) as {
        totals: object;
        unclosedEarnings: string;
      };
      expect(sheet).toMatchObject({
        unclosedEarnings: '0.00',
        totals: { assets: '70.00', liabilitiesAndEquity: '70.00' },
      });
    });
  });
});
