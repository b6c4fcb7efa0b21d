import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyRequests, type RunningHost, startTestApp } from '../harness/local-host';
import { addDimensions } from '../harness/dimensions';
import { addTestMember, addTestOrganization, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

/**
 * Facility and division restrictions over every ledger route. One organisation books money in
 * F1/F2 and D1/D2 (and untagged, and on an account tagged F2); a member restricted to F1 + D1
 * calls each route. The member must see only lines inside both, never an entry with any line
 * outside (404, like another organisation's id), never write outside, get figures from visible
 * lines only, and never run an organisation-wide operation. A ledger route without a check here
 * fails the suite.
 */
const { secrets, tokens } = testSecrets();
const root = resolve(__dirname, '../..');

interface Line {
  accountId: string;
  side: 'debit' | 'credit';
  amount: string;
  facility?: string | null;
  division?: string | null;
  memo?: string | null;
}
interface Entry {
  id: string;
  status: string;
  version: string;
  lines: Line[];
}

function ledgerRouteNames(): string[] {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'test/harness/list-registrations.ts'), join(root, 'functions/index.ts')],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        LEDGERLINE_ENV: 'test',
        COSMOS_ENDPOINT: 'http://127.0.0.1:1',
        AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      },
    },
  );
  const { functions } = JSON.parse(output) as { functions: Array<{ name: string; trigger: string }> };
  return functions.filter((f) => f.trigger === 'httpTrigger' && f.name.startsWith('ledger-')).map((f) => f.name);
}

describe('facility and division restrictions on every ledger route', () => {
  let host: RunningHost;
  let data: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const auth: Record<'admin' | 'member', string> = { admin: '', member: '' };
  const acc: Record<string, string> = {};
  const entries: Record<string, string> = {};

  const call = (who: 'admin' | 'member', method: string, path: string, body?: unknown) =>
    fetch(`${host.url}/api${path}`, {
      method,
      headers: { authorization: auth[who], ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const json = async <T>(who: 'admin' | 'member', path: string) => {
    const response = await call(who, 'GET', path);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const line = (account: string, side: Line['side'], amount: string, facility?: string, division?: string): Line => ({
    accountId: acc[account]!,
    side,
    amount,
    ...(facility ? { facility } : {}),
    ...(division ? { division } : {}),
  });
  const pair = (amount: string, debit: string, credit: string, facility?: string, division?: string) => [
    line(debit, 'debit', amount, facility, division),
    line(credit, 'credit', amount, facility, division),
  ];
  async function draft(who: 'admin' | 'member', lines: Line[], date = '2026-03-10'): Promise<string> {
    const response = await call(who, 'POST', '/ledger/journal-entries', { date, memo: 'm', currency: 'USD', lines });
    expect(response.status).toBe(201);
    return ((await response.json()) as Entry).id;
  }
  async function posted(lines: Line[], date: string): Promise<string> {
    const id = await draft('admin', lines, date);
    expect((await call('admin', 'POST', `/ledger/journal-entries/${id}/post`)).status).toBe(200);
    return id;
  }
  const hiddenEntries = () => ['F2', 'D2', 'mixed', 'untagged', 'hiddenAccount', 'febF2'].map((k) => entries[k]!);
  /** What another organisation's (or a made-up) id gets: the restricted member must get exactly this. */
  const unknownEntry = 'je-00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    host = await startTestApp(secrets, manyRequests);
    data = host.containers.tenantData;
    await addTestOrganization(data, org, { slug: 'plants', name: 'Plants', booksStartMonth: '2026-01' });
    // Both may do everything their levels allow; only the restrictions tell them apart.
    const everything = { ledger: 'admin', 'journal-entries': 'admin', settings: 'admin', members: 'admin' } as const;
    await addTestMember(data, org, 'member-admin', everything);
    await addTestMember(data, org, 'member-f1d1', everything);
    auth.admin = (await openTestSession(data, tokens, org, 'member-admin')).authorization;
    await addDimensions(`${host.url}/api`, auth.admin, { facilities: ['F1', 'F2'], divisions: ['D1', 'D2'] });
    const restricted = await call('admin', 'PUT', '/admin/members/member-f1d1/restrictions', {
      facilities: ['F1'],
      divisions: ['D1'],
    });
    expect(restricted.status).toBe(200);
    auth.member = (await openTestSession(data, tokens, org, 'member-f1d1')).authorization;

    for (const [code, type, facility, division] of [
      ['1000', 'asset'],
      ['1010', 'asset', 'F1', 'D1'],
      ['1020', 'asset', 'F2'],
      ['1030', 'asset', 'F1'],
      ['3900', 'equity'],
      ['4000', 'revenue'],
    ] as const) {
      const response = await call('admin', 'POST', '/ledger/accounts', {
        code,
        name: `Account ${code}`,
        type,
        ...(facility ? { facility } : {}),
        ...(division ? { division } : {}),
      });
      acc[code] = ((await response.json()) as { id: string }).id;
    }
    entries.visible = await posted(pair('100.00', '1000', '4000', 'F1', 'D1'), '2026-01-10');
    entries.F2 = await posted(pair('200.00', '1000', '4000', 'F2', 'D1'), '2026-01-11');
    entries.D2 = await posted(pair('40.00', '1000', '4000', 'F1', 'D2'), '2026-01-12');
    entries.mixed = await posted(
      [line('1000', 'debit', '70.00', 'F1', 'D1'), line('4000', 'credit', '70.00', 'F2', 'D1')],
      '2026-01-13',
    );
    entries.untagged = await posted(pair('1000.00', '1000', '4000'), '2026-01-14');
    entries.hiddenAccount = await posted(pair('5.00', '1020', '4000', 'F1', 'D1'), '2026-01-15');
    expect((await call('admin', 'POST', '/ledger/periods/2026-01/close')).status).toBe(200);
    entries.febVisible = await posted(pair('10.00', '1000', '4000', 'F1', 'D1'), '2026-02-03');
    entries.febF2 = await posted(pair('1000.00', '1000', '4000', 'F2', 'D2'), '2026-02-04');
  });
  afterAll(async () => {
    await host?.stop();
  });

  const expectHidden = async (method: string, path: string, body?: unknown) => {
    const hidden = await call('member', method, path, body);
    const unknown = await call('member', method, path.replace(/je-[A-Za-z0-9-]+/, unknownEntry), body);
    expect(hidden.status, `${method} ${path}`).toBe(404);
    expect(unknown.status).toBe(404);
    const [a, b] = (await Promise.all([hidden.json(), unknown.json()])) as Array<Record<string, unknown>>;
    expect(Object.keys(a!).sort()).toEqual(Object.keys(b!).sort());
    expect(a!.type).toBe(b!.type);
  };

  type Tb = { rows: Array<{ code: string; debit: string; credit: string }>; totals: object };
  const detailPath = (code: string, query: string) => `/ledger/reports/accounts/${acc[code]}/detail?${query}`;

  /** One check per ledger route; the keys must be exactly the declared ledger routes. */
  const checks: Record<string, () => Promise<void>> = {
    'ledger-accounts-list': async () => {
      const { items } = await json<{ items: Array<{ code: string }> }>('member', '/ledger/accounts');
      expect(items.map((a) => a.code)).toEqual(['1000', '1010', '1030', '3900', '4000']);
      const all = await json<{ items: Array<{ code: string }> }>('admin', '/ledger/accounts');
      expect(all.items.map((a) => a.code)).toContain('1020');
    },
    'ledger-accounts-get': async () => {
      expect((await call('member', 'GET', `/ledger/accounts/${acc['1030']}`)).status).toBe(200);
      expect((await call('member', 'GET', `/ledger/accounts/${acc['1020']}`)).status).toBe(404);
      expect((await call('admin', 'GET', `/ledger/accounts/${acc['1020']}`)).status).toBe(200);
    },
    'ledger-accounts-create': async () => {
      const account = (code: string, dims: object) => ({ code, name: code, type: 'asset', ...dims });
      expect((await call('member', 'POST', '/ledger/accounts', account('1100', { facility: 'F2' }))).status).toBe(403);
      expect((await call('member', 'POST', '/ledger/accounts', account('1101', {}))).status).toBe(403);
      expect((await call('member', 'POST', '/ledger/accounts', account('1102', { facility: 'F1' }))).status).toBe(403);
      const ok = await call('member', 'POST', '/ledger/accounts', account('1103', { facility: 'F1', division: 'D1' }));
      expect(ok.status).toBe(201);
    },
    'ledger-accounts-load-template': async () => {
      // A starting chart is the whole organisation's: never loaded by a restricted member.
      const load = { template: 'services' };
      expect((await call('member', 'POST', '/ledger/accounts/from-template', load)).status).toBe(403);
      expect((await call('admin', 'POST', '/ledger/accounts/from-template', load)).status).toBe(409);
    },
    'ledger-accounts-update': async () => {
      expect((await call('member', 'PATCH', `/ledger/accounts/${acc['1020']}`, { name: 'x' })).status).toBe(404);
      expect((await call('member', 'PATCH', `/ledger/accounts/${acc['1000']}`, { name: 'x' })).status).toBe(403);
      expect((await call('member', 'PATCH', `/ledger/accounts/${acc['1010']}`, { facility: 'F2' })).status).toBe(403);
      expect((await call('member', 'PATCH', `/ledger/accounts/${acc['1010']}`, { name: 'Plant cash' })).status).toBe(
        200,
      );
      expect((await json<{ name: string }>('admin', `/ledger/accounts/${acc['1000']}`)).name).toBe('Account 1000');
    },
    'ledger-accounts-delete': async () => {
      expect((await call('member', 'DELETE', `/ledger/accounts/${acc['1020']}`)).status).toBe(404);
      expect((await call('member', 'DELETE', `/ledger/accounts/${acc['3900']}`)).status).toBe(403);
      const mine = await call('member', 'POST', '/ledger/accounts', {
        code: '1200',
        name: 'Petty cash',
        type: 'asset',
        facility: 'F1',
        division: 'D1',
      });
      expect(
        (await call('member', 'DELETE', `/ledger/accounts/${((await mine.json()) as { id: string }).id}`)).status,
      ).toBe(204);
    },
    'ledger-journal-entries-list': async () => {
      const seen: Entry[] = [];
      let token: string | null = null;
      do {
        const query: string = token ? `&continuationToken=${encodeURIComponent(token)}` : '';
        const page = await json<{ items: Entry[]; continuationToken: string | null }>(
          'member',
          `/ledger/journal-entries?pageSize=2${query}`,
        );
        seen.push(...page.items);
        token = page.continuationToken;
      } while (token);
      const ids = seen.map((e) => e.id);
      expect(ids).toEqual(expect.arrayContaining([entries.visible, entries.febVisible]));
      for (const hidden of hiddenEntries()) expect(ids).not.toContain(hidden);
      for (const entry of seen) {
        for (const l of entry.lines) {
          expect([l.facility, l.division]).toEqual(['F1', 'D1']);
          expect(l.accountId).not.toBe(acc['1020']);
        }
      }
      const all = await json<{ items: Entry[] }>('admin', '/ledger/journal-entries?pageSize=200');
      expect(all.items.map((e) => e.id)).toEqual(expect.arrayContaining(hiddenEntries()));
    },
    'ledger-journal-entries-get': async () => {
      expect((await call('member', 'GET', `/ledger/journal-entries/${entries.visible}`)).status).toBe(200);
      for (const hidden of hiddenEntries()) await expectHidden('GET', `/ledger/journal-entries/${hidden}`);
      expect((await call('admin', 'GET', `/ledger/journal-entries/${entries.mixed}`)).status).toBe(200);
    },
    'ledger-journal-entries-create': async () => {
      const create = (lines: Line[]) =>
        call('member', 'POST', '/ledger/journal-entries', { date: '2026-03-10', memo: 'm', currency: 'USD', lines });
      expect((await create(pair('1.00', '1000', '4000', 'F2', 'D1'))).status).toBe(403);
      expect((await create(pair('1.00', '1000', '4000', 'F1', 'D2'))).status).toBe(403);
      expect((await create(pair('1.00', '1000', '4000'))).status).toBe(403);
      expect((await create(pair('1.00', '1000', '4000', 'F1'))).status).toBe(403);
      const hiddenAccount = await create(pair('1.00', '1020', '4000', 'F1', 'D1'));
      const noAccount = await create([
        { ...line('1000', 'debit', '1.00', 'F1', 'D1'), accountId: 'account-nothing-here' },
        line('4000', 'credit', '1.00', 'F1', 'D1'),
      ]);
      expect(hiddenAccount.status).toBe(400);
      expect(noAccount.status).toBe(400);
      const reasons = async (r: Response) => ((await r.json()) as { errors: unknown }).errors;
      expect(await reasons(hiddenAccount)).toEqual(await reasons(noAccount));
      expect((await create(pair('1.00', '1000', '4000', 'F1', 'D1'))).status).toBe(201);
    },
    'ledger-journal-entries-create-and-post': async () => {
      const createAndPost = (lines: Line[]) =>
        call('member', 'POST', '/ledger/journal-entries/create-and-post', {
          date: '2026-03-10',
          memo: 'm',
          currency: 'USD',
          lines,
        });
      expect((await createAndPost(pair('1.50', '1000', '4000', 'F2', 'D1'))).status).toBe(403);
      expect((await createAndPost(pair('1.50', '1020', '4000', 'F1', 'D1'))).status).toBe(400);
      const mine = await createAndPost(pair('1.50', '1000', '4000', 'F1', 'D1'));
      expect(mine.status).toBe(201);
      expect(((await mine.json()) as Entry).status).toBe('posted');
    },
    'ledger-journal-entries-import': async () => {
      const send = (lines: Array<Record<string, string>>) =>
        fetch(`${host.url}/api/ledger/journal-entries/import`, {
          method: 'POST',
          headers: { authorization: auth.member, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify({ entries: [{ date: '2026-03-10', memo: 'imported', lines }] }),
        });
      const inReach = { facility: 'F1', division: 'D1' };
      const outside = await send([
        { account: '1000', side: 'debit', amount: '2.50', ...inReach },
        { account: '4000', side: 'credit', amount: '2.50', facility: 'F2', division: 'D1' },
      ]);
      expect(outside.status).toBe(403);
      const hiddenAccount = await send([
        { account: '1020', side: 'debit', amount: '2.50', ...inReach },
        { account: '4000', side: 'credit', amount: '2.50', ...inReach },
      ]);
      expect(hiddenAccount.status).toBe(400);
      expect(((await hiddenAccount.json()) as { errors: unknown }).errors).toEqual([
        { field: 'entries.0.lines.0.account', reason: 'no such account code' },
      ]);
      const mine = await send([
        { account: '1000', side: 'debit', amount: '2.50', ...inReach },
        { account: '4000', side: 'credit', amount: '2.50', ...inReach },
      ]);
      expect(mine.status).toBe(201);
    },
    'ledger-journal-entries-update': async () => {
      const hidden = await draft('admin', pair('3.00', '1000', '4000', 'F2', 'D1'));
      const visible = await draft('admin', pair('3.00', '1000', '4000', 'F1', 'D1'));
      const body = (lines: Line[]) => ({ date: '2026-03-11', memo: 'edited', currency: 'USD', lines });
      await expectHidden('PUT', `/ledger/journal-entries/${hidden}`, body(pair('3.00', '1000', '4000', 'F1', 'D1')));
      expect(
        (
          await call(
            'member',
            'PUT',
            `/ledger/journal-entries/${visible}`,
            body(pair('3.00', '1000', '4000', 'F2', 'D1')),
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await call(
            'member',
            'PUT',
            `/ledger/journal-entries/${visible}`,
            body(pair('4.00', '1000', '4000', 'F1', 'D1')),
          )
        ).status,
      ).toBe(200);
      const after = await json<Entry>('admin', `/ledger/journal-entries/${hidden}`);
      expect(after.lines[0]!.facility).toBe('F2');
    },
    'ledger-journal-entries-post': async () => {
      const hidden = await draft('admin', pair('6.00', '1000', '4000', 'F1', 'D2'));
      await expectHidden('POST', `/ledger/journal-entries/${hidden}/post`);
      expect((await json<Entry>('admin', `/ledger/journal-entries/${hidden}`)).status).toBe('draft');
      const mine = await draft('member', pair('6.00', '1000', '4000', 'F1', 'D1'));
      expect((await call('member', 'POST', `/ledger/journal-entries/${mine}/post`)).status).toBe(200);
    },
    'ledger-journal-entries-submit': async () => {
      const hidden = await draft('admin', pair('8.00', '1000', '4000', 'F2', 'D1'));
      await expectHidden('POST', `/ledger/journal-entries/${hidden}/submit`);
      expect((await json<Entry>('admin', `/ledger/journal-entries/${hidden}`)).status).toBe('draft');
      const mine = await draft('member', pair('8.00', '1000', '4000', 'F1', 'D1'));
      expect((await call('member', 'POST', `/ledger/journal-entries/${mine}/submit`)).status).toBe(200);
    },
    'ledger-journal-entries-approve': async () => {
      const submitted = async (lines: Line[]) => {
        const id = await draft('admin', lines);
        const response = await call('admin', 'POST', `/ledger/journal-entries/${id}/submit`);
        expect(response.status).toBe(200);
        return (await response.json()) as Entry;
      };
      const hidden = await submitted(pair('7.00', '1010', '4000', 'F2', 'D1'));
      await expectHidden('POST', `/ledger/journal-entries/${hidden.id}/approve`, { version: hidden.version });
      expect((await json<Entry>('admin', `/ledger/journal-entries/${hidden.id}`)).status).toBe('submitted');
      const visible = await submitted(pair('7.00', '1010', '4000', 'F1', 'D1'));
      const approve = { version: visible.version };
      expect((await call('member', 'POST', `/ledger/journal-entries/${visible.id}/approve`, approve)).status).toBe(200);
    },
    'ledger-journal-entries-reverse': async () => {
      await expectHidden('POST', `/ledger/journal-entries/${entries.mixed}/reverse`, { date: '2026-03-12' });
      expect(
        (await json<Entry & { reversedBy: string | null }>('admin', `/ledger/journal-entries/${entries.mixed}`))
          .reversedBy,
      ).toBeNull();
      expect(
        (await call('member', 'POST', `/ledger/journal-entries/${entries.visible}/reverse`, { date: '2026-03-12' }))
          .status,
      ).toBe(201);
    },
    'ledger-settings-dual-control': async () => {
      expect((await call('member', 'PUT', '/ledger/settings/dual-control', { enabled: true })).status).toBe(403);
    },
    'ledger-settings-dual-control-approve': async () => {
      expect((await call('member', 'POST', '/ledger/settings/dual-control/approve')).status).toBe(403);
    },
    'ledger-settings-retained-earnings': async () => {
      const body = { accountId: acc['3900'] };
      expect((await call('member', 'PUT', '/ledger/settings/retained-earnings-account', body)).status).toBe(403);
    },
    'ledger-periods-list': async () => {
      const { items } = await json<{ items: Array<{ month: string; status: string }> }>('member', '/ledger/periods');
      expect(items.find((p) => p.month === '2026-01')?.status).toBe('closed');
    },
    'ledger-periods-close': async () => {
      expect((await call('member', 'POST', '/ledger/periods/2026-02/close')).status).toBe(403);
      const { items } = await json<{ items: Array<{ month: string; status: string }> }>('admin', '/ledger/periods');
      expect(items.find((p) => p.month === '2026-02')?.status).toBe('open');
    },
    'ledger-periods-lock': async () => {
      expect((await call('member', 'POST', '/ledger/periods/2026-01/lock')).status).toBe(403);
    },
    'ledger-periods-reopen': async () => {
      expect((await call('member', 'POST', '/ledger/periods/2026-01/reopen')).status).toBe(403);
      const { items } = await json<{ items: Array<{ month: string; status: string }> }>('admin', '/ledger/periods');
      expect(items.find((p) => p.month === '2026-01')?.status).toBe('closed');
    },
    'ledger-periods-reopen-approve': async () => {
      expect((await call('member', 'POST', '/ledger/periods/2026-01/reopen/approve')).status).toBe(403);
    },
    'ledger-reports-trial-balance': async () => {
      // Visible lines: 100 + 70 (the F1/D1 half of the mixed entry) + 10 cash; 100 + 5 + 10 revenue.
      const mine = await json<Tb>('member', '/ledger/reports/trial-balance?asOf=2026-02-28');
      expect(mine.rows.map((r) => [r.code, r.debit, r.credit])).toEqual([
        ['1000', '180.00', '0.00'],
        ['4000', '0.00', '115.00'],
      ]);
      expect(mine.totals).toEqual({ debit: '180.00', credit: '115.00' });
      const all = await json<Tb>('admin', '/ledger/reports/trial-balance?asOf=2026-02-28');
      expect(all.totals).toEqual({ debit: '2425.00', credit: '2425.00' });
      // A filter narrows within the restrictions, never past them.
      expect((await json<Tb>('member', '/ledger/reports/trial-balance?asOf=2026-02-28&facility=F2')).rows).toEqual([]);
      const csv = await (
        await call('member', 'GET', '/ledger/reports/trial-balance?asOf=2026-02-28&format=csv')
      ).text();
      expect(csv.trim().split('\n').slice(1)).toEqual([
        '1000,Account 1000,asset,180.00,0.00',
        '4000,Account 4000,revenue,0.00,115.00',
      ]);
    },
    'ledger-reports-income-statement': async () => {
      const path = '/ledger/reports/income-statement?from=2026-01-01&to=2026-02-28';
      expect((await json<{ totals: object }>('member', path)).totals).toEqual({
        revenue: '115.00',
        expenses: '0.00',
        netIncome: '115.00',
      });
      expect((await json<{ totals: object }>('admin', path)).totals).toMatchObject({ revenue: '2425.00' });
      const csv = await (await call('member', 'GET', `${path}&format=csv`)).text();
      expect(csv).toContain('net income,,,115.00');
    },
    'ledger-reports-balance-sheet': async () => {
      const sheet = await json<{
        assets: Array<{ code: string; amount: string }>;
        totals: object;
        unclosedEarnings: string;
      }>('member', '/ledger/reports/balance-sheet?asOf=2026-02-28');
      expect(sheet.assets.map((r) => [r.code, r.amount])).toEqual([['1000', '180.00']]);
      expect(sheet.unclosedEarnings).toBe('115.00');
      expect(sheet.totals).toEqual({ assets: '180.00', liabilitiesAndEquity: '115.00' });
      const csv = await (
        await call('member', 'GET', '/ledger/reports/balance-sheet?asOf=2026-02-28&format=csv')
      ).text();
      expect(csv).toContain('assets,1000,Account 1000,180.00');
    },
    'ledger-reports-account-detail': async () => {
      type Detail = {
        opening?: string;
        lines: Array<{ entryId: string; memo: string | null; balance: string }>;
        continuationToken: string | null;
      };
      // Opening balance from January's snapshot, filtered: 100 + 70, not the organisation's 1410.
      const february = await json<Detail>('member', detailPath('1000', 'from=2026-02-01&to=2026-02-28'));
      expect(february.opening).toBe('170.00');
      expect(february.lines.map((l) => [l.entryId, l.balance])).toEqual([[entries.febVisible, '180.00']]);
      expect((await json<Detail>('admin', detailPath('1000', 'from=2026-02-01&to=2026-02-28'))).opening).toBe(
        '1410.00',
      );

      const lines: Detail['lines'] = [];
      let token: string | null = null;
      do {
        const query: string = token ? `&continuationToken=${token}` : '';
        const page = await json<Detail>(
          'member',
          detailPath('1000', `from=2026-01-01&to=2026-02-28&pageSize=1${query}`),
        );
        lines.push(...page.lines);
        token = page.continuationToken;
      } while (token);
      expect(lines.map((l) => [l.entryId, l.balance])).toEqual([
        [entries.visible, '100.00'],
        [entries.mixed, '170.00'],
        [entries.febVisible, '180.00'],
      ]);
      // The mixed entry's own memo belongs to an entry the member cannot open.
      expect(lines[1]!.memo).toBeNull();

      expect((await call('member', 'GET', detailPath('1020', 'from=2026-01-01&to=2026-02-28'))).status).toBe(404);
      expect((await call('admin', 'GET', detailPath('1020', 'from=2026-01-01&to=2026-02-28'))).status).toBe(200);
      const adminPage = await json<Detail>('admin', detailPath('1000', 'from=2026-01-01&to=2026-02-28&pageSize=1'));
      expect(
        (
          await call(
            'member',
            'GET',
            detailPath(
              '1000',
              `from=2026-01-01&to=2026-02-28&pageSize=1&continuationToken=${adminPage.continuationToken}`,
            ),
          )
        ).status,
      ).toBe(400);
      const csv = await (
        await call('member', 'GET', detailPath('1000', 'from=2026-01-01&to=2026-02-28&format=csv'))
      ).text();
      expect(csv).not.toContain(entries.F2!);
      expect(csv).toContain(entries.febVisible!);
    },
  };

  it('covers every declared ledger route', () => {
    expect(Object.keys(checks).sort()).toEqual(ledgerRouteNames().sort());
  });

  // Reports first: the route checks after them add entries in March, outside the reported range anyway.
  for (const [name, check] of Object.entries(checks).sort(
    ([a], [b]) => Number(b.includes('reports')) - Number(a.includes('reports')),
  )) {
    it(name, check);
  }
});
