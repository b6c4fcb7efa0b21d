import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';
import { systemClock } from '../../shared/platform/clock';
import { manyRequests, type RunningHost, startTestApp } from '../harness/local-host';
import { addTestMember, addTestOrganization, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

interface Entry {
  id: string;
  status: string;
  number: number | null;
  reversalOf: string | null;
  reversedBy: string | null;
  lines: Array<{ accountId: string; side: string; amount: string }>;
}

describe('journal entries over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const other = `org-${randomUUID().slice(0, 8)}`;
  const auth: Record<string, string> = {};
  const accounts: Record<string, string> = {};

  beforeAll(async () => {
    host = await startTestApp(secrets, manyRequests);
    data = host.containers.tenantData;
    for (const [tenantId, memberId] of [
      [org, 'member-acct'],
      [other, 'member-other'],
    ] as const) {
      await addTestMember(data, tenantId, memberId, { ledger: 'admin', 'journal-entries': 'admin' });
      auth[tenantId] = (await openTestSession(data, tokens, tenantId, memberId)).authorization;
    }
    for (const [tenantId, slug] of [
      [org, 'books'],
      [other, 'other'],
    ] as const) {
      await addTestOrganization(data, tenantId, { slug, name: slug, booksStartMonth: '2026-08' });
    }
    for (const [code, type] of [
      ['1000', 'asset'],
      ['4000', 'revenue'],
      ['6100', 'expense'],
    ] as const) {
      const response = await call(org, 'POST', '/accounts', { code, name: code, type });
      accounts[code] = ((await response.json()) as { id: string }).id;
    }
  });
  afterAll(async () => {
    await host?.stop();
  });

  function call(tenant: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return fetch(`${host.url}/api/ledger${path}`, {
      method,
      headers: { authorization: auth[tenant]!, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  }

  const sale = (amount = '100.00') => ({
    date: '2026-11-20',
    memo: 'Cash sale',
    currency: 'USD',
    lines: [
      { accountId: accounts['1000'], side: 'debit', amount },
      { accountId: accounts['4000'], side: 'credit', amount },
    ],
  });

  async function draft(body = sale()): Promise<Entry> {
    return (await (await call(org, 'POST', '/journal-entries', body)).json()) as Entry;
  }

  it('the same Idempotency-Key twice gives the first draft; with another body it is a conflict', async () => {
    const key = `import-${randomUUID()}`;
    const first = await call(org, 'POST', '/journal-entries', sale(), { 'idempotency-key': key });
    const again = await call(org, 'POST', '/journal-entries', sale(), { 'idempotency-key': key });
    const different = await call(org, 'POST', '/journal-entries', sale('5.00'), { 'idempotency-key': key });
    expect([first.status, again.status, different.status]).toEqual([201, 201, 409]);
    expect(((await again.json()) as Entry).id).toBe(((await first.json()) as Entry).id);
  });

  it('posting checks everything at once and changes nothing when it refuses', async () => {
    const unbalanced = await draft({
      ...sale(),
      lines: [
        { accountId: accounts['1000']!, side: 'debit', amount: '100.00' },
        { accountId: accounts['4000']!, side: 'credit', amount: '99.99' },
      ],
    });
    const refused = await call(org, 'POST', `/journal-entries/${unbalanced.id}/post`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      'lines',
    ]);
    expect(((await (await call(org, 'GET', `/journal-entries/${unbalanced.id}`)).json()) as Entry).status).toBe(
      'draft',
    );
  });

  it('refuses an amount with more decimals than the currency has', async () => {
    const response = await call(org, 'POST', '/journal-entries', sale('10.005'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [{ field: 'lines.0.amount', reason: 'USD has 2 decimal places' }],
    });
  });

  it('twenty concurrent posts get numbers without gaps or duplicates, and posted entries are final', async () => {
    const drafts = await Promise.all(Array.from({ length: 20 }, () => draft()));
    const posted = await Promise.all(
      drafts.map(async (d) => (await call(org, 'POST', `/journal-entries/${d.id}/post`)).json() as Promise<Entry>),
    );
    const numbers = posted.map((e) => e.number!).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => numbers[0]! + i));
    expect(new Set(numbers).size).toBe(20);

    const edit = await call(org, 'PUT', `/journal-entries/${posted[0]!.id}`, sale('1.00'));
    expect(edit.status).toBe(409);
    expect((await call(org, 'POST', `/journal-entries/${posted[0]!.id}/post`)).status).toBe(409);
  });

  it('a reversal flips every line, both entries show the link, and an entry is reversed once', async () => {
    const entry = (await (
      await call(org, 'POST', `/journal-entries/${(await draft(sale('42.10'))).id}/post`)
    ).json()) as Entry;
    const reversal = await call(org, 'POST', `/journal-entries/${entry.id}/reverse`, { date: '2026-11-21' });
    expect(reversal.status).toBe(201);
    const reversed = (await reversal.json()) as Entry;
    expect(reversed).toMatchObject({ status: 'posted', reversalOf: entry.id });
    expect(reversed.lines.map((l) => [l.side, l.amount])).toEqual([
      ['credit', '42.10'],
      ['debit', '42.10'],
    ]);
    expect(((await (await call(org, 'GET', `/journal-entries/${entry.id}`)).json()) as Entry).reversedBy).toBe(
      reversed.id,
    );

    const twice = await Promise.all([
      call(org, 'POST', `/journal-entries/${entry.id}/reverse`, { date: '2026-11-21' }),
      call(org, 'POST', `/journal-entries/${entry.id}/reverse`, { date: '2026-11-22' }),
    ]);
    expect(twice.map((r) => r.status)).toEqual([409, 409]);
  });

  it('an account with postings cannot be deleted', async () => {
    expect((await call(org, 'DELETE', `/accounts/${accounts['1000']}`)).status).toBe(409);
    expect((await call(org, 'DELETE', `/accounts/${accounts['6100']}`)).status).toBe(204);
  });

  it("another organisation cannot see, post or reverse this organisation's entries", async () => {
    const entry = await draft();
    for (const [method, path] of [
      ['GET', `/journal-entries/${entry.id}`],
      ['POST', `/journal-entries/${entry.id}/post`],
      ['PUT', `/journal-entries/${entry.id}`],
    ] as const) {
      const response = await call(other, method, path, method === 'PUT' ? sale() : undefined);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const list = (await (await call(other, 'GET', '/journal-entries')).json()) as { items: Entry[] };
    expect(list.items).toEqual([]);
  });

  describe('periods and the trial balance', () => {
    const entryOn = (date: string, amount: string, debit = '1000', credit = '4000') => ({
      date,
      memo: `Expense ${date}`,
      currency: 'USD',
      lines: [
        { accountId: accounts[debit], side: 'debit', amount },
        { accountId: accounts[credit], side: 'credit', amount },
      ],
    });
    const post = async (body: unknown) =>
      call(
        org,
        'POST',
        `/journal-entries/${((await (await call(org, 'POST', '/journal-entries', body)).json()) as Entry).id}/post`,
      );
    const tb = async (asOf: string) =>
      (await (await call(org, 'GET', `/reports/trial-balance?asOf=${asOf}`)).json()) as {
        rows: Array<{ code: string; debit: string; credit: string }>;
        totals: { debit: string; credit: string };
      };

    it('a close racing posts into the same month never leaves a posted line outside the snapshot', async () => {
      const drafts = await Promise.all(
        Array.from(
          { length: 10 },
          async () =>
            ((await (await call(org, 'POST', '/journal-entries', entryOn('2026-08-20', '1.00'))).json()) as Entry).id,
        ),
      );
      const [close, ...posts] = await Promise.all([
        call(org, 'POST', '/periods/2026-08/close'),
        ...drafts.map((id) => call(org, 'POST', `/journal-entries/${id}/post`)),
      ]);
      expect(close.status).toBe(200);
      const postedCount = posts.filter((p) => p.status === 200).length;
      expect(posts.every((p) => p.status === 200 || p.status === 400)).toBe(true);
      const figures = ledgerDependencies({
        container: data,
        clock: systemClock,
        ids: { newId: () => randomUUID() },
      }).figuresStoreFor({ tenantId: org, actor: { id: 'system:test', kind: 'system' } });
      const snapshot = await figures.readSnapshot('2026-08', 1);
      const revenue = [...snapshot!.entries()].find(
        (row) => row.accountId === accounts['4000'] && !row.facility && !row.division,
      );
      expect(revenue?.amount ?? 0n).toBe(-BigInt(postedCount * 100));
    });

    it('months close in order, a closed month refuses posts, and the trial balance still adds up', async () => {
      expect((await call(org, 'POST', '/periods/2026-10/close')).status).toBe(409);
      expect((await post(entryOn('2026-07-31', '1.00'))).status).toBe(400);
      expect((await post(entryOn('2026-09-10', '10.00'))).status).toBe(200);
      const before = await tb('2026-09-30');

      expect((await call(org, 'POST', '/periods/2026-09/close')).status).toBe(200);
      const refused = await post(entryOn('2026-09-15', '1.00'));
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        errors: [{ field: 'date', reason: 'the period for this date is closed' }],
      });
      expect((await call(org, 'POST', '/periods/2026-09/close')).status).toBe(409);

      expect(await tb('2026-09-30')).toEqual(before);
      expect((await post(entryOn('2026-10-03', '2.50'))).status).toBe(200);
      const october = await tb('2026-10-31');
      expect(october.totals.debit).toBe(october.totals.credit);
      const cash = (report: typeof october) => report.rows.find((r) => r.code === '1000')!.debit.replace('.', '');
      expect(BigInt(cash(october)) - BigInt(cash(before))).toBe(250n);
    });

    it('reopens the latest closed month only, re-closes it into a new snapshot, and a locked month stays closed', async () => {
      expect((await call(org, 'POST', '/periods/2026-08/reopen')).status).toBe(409);
      expect((await call(org, 'POST', '/periods/2026-09/reopen')).status).toBe(200);
      expect((await post(entryOn('2026-09-20', '7.00'))).status).toBe(200);
      expect((await call(org, 'POST', '/periods/2026-09/close')).status).toBe(200);
      const { resource } = await data.item('period-2026-09', org).read<{ snapshotVersion: number }>();
      expect(resource?.snapshotVersion).toBe(2);
      const september = await tb('2026-09-30');
      expect(september.totals.debit).toBe(september.totals.credit);

      expect((await call(org, 'POST', '/periods/2026-09/lock')).status).toBe(200);
      const periods = (await (await call(org, 'GET', '/periods')).json()) as {
        items: Array<{ month: string; status: string }>;
      };
      expect(periods.items.filter((p) => p.month <= '2026-09').map((p) => [p.month, p.status])).toEqual([
        ['2026-08', 'closed'],
        ['2026-09', 'locked'],
      ]);
      expect((await call(org, 'POST', '/periods/2026-09/reopen')).status).toBe(409);
      const { resources } = await data.items
        .query<string>({
          query:
            "SELECT VALUE c.action FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND STARTSWITH(c.action, 'ledger.period') ORDER BY c.sequence",
          parameters: [{ name: '@t', value: org }],
        })
        .fetchAll();
      expect(resources.slice(-4)).toEqual([
        'ledger.period-closed',
        'ledger.period-reopened',
        'ledger.period-closed',
        'ledger.period-locked',
      ]);
    });
  });
});
