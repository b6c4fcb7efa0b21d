import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBooks, type Books } from '../harness/ledger-books';
import { manyRequests, type RunningHost, startTestApp } from '../harness/local-host';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const admin = { ledger: 'admin', 'journal-entries': 'admin', settings: 'admin' } as const;

interface Entry {
  id: string;
  status: string;
  number: number;
  date: string;
}
interface Imported {
  imported: number;
  entries: Array<{ row: string; id: string; number: number }>;
}

describe('create-and-post and journal import over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  let books: Books;
  let key = 0;
  const nextKey = () => `import-key-${++key}-${Date.now()}`;
  const open = () =>
    openBooks({
      url: host.url,
      data,
      tokens,
      members: { alice: admin, bob: admin },
      accounts: [
        ['1000', 'asset'],
        ['4000', 'revenue'],
        ['6000', 'expense'],
      ],
    });
  const posted = async (b: Books) =>
    ((await (await b.as('alice', 'GET', '/journal-entries?pageSize=200')).json()) as { items: Entry[] }).items.filter(
      (e) => e.status === 'posted',
    );
  const pair = (date: string, amount: string, debit = '1000', credit = '4000') => ({
    date,
    memo: `Sale ${date}`,
    lines: [
      { account: debit, side: 'debit', amount },
      { account: credit, side: 'credit', amount },
    ],
  });

  beforeAll(async () => {
    host = await startTestApp(secrets, manyRequests);
    data = host.containers.tenantData;
    books = await open();
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
  });

  it('creates and posts in one call; the same Idempotency-Key gives the first entry back, another body under it is a conflict', async () => {
    const body = {
      date: '2026-03-02',
      memo: 'Cash sale',
      currency: 'USD',
      lines: [
        { accountId: books.accounts['1000'], side: 'debit', amount: '12.00' },
        { accountId: books.accounts['4000'], side: 'credit', amount: '12.00' },
      ],
    };
    const headers = { 'idempotency-key': nextKey() };
    const first = await books.as('alice', 'POST', '/journal-entries/create-and-post', body, headers);
    expect(first.status).toBe(201);
    const entry = (await first.json()) as Entry;
    expect(entry).toMatchObject({ status: 'posted', number: 1 });
    const again = await books.as('alice', 'POST', '/journal-entries/create-and-post', body, headers);
    expect(again.status).toBe(201);
    expect(((await again.json()) as Entry).id).toBe(entry.id);
    const other = await books.as('alice', 'POST', '/journal-entries/create-and-post', { ...body, memo: 'x' }, headers);
    expect(other.status).toBe(409);
    expect((await posted(books)).map((e) => e.number)).toEqual([1]);
  });

  it('imports JSON entries, posted in date order, and answers a repeated batch as it did the first time', async () => {
    const b = await open();
    const input = { entries: [pair('2026-02-20', '3.00'), pair('2026-01-15', '1.00'), pair('2026-02-01', '2.00')] };
    const headers = { 'idempotency-key': nextKey() };
    const response = await b.as('alice', 'POST', '/journal-entries/import', input, headers);
    expect(response.status).toBe(201);
    const result = (await response.json()) as Imported;
    expect(result.imported).toBe(3);
    expect(result.entries.map((e) => [e.row, e.number])).toEqual([
      ['entries.0', 3],
      ['entries.1', 1],
      ['entries.2', 2],
    ]);
    const replay = await b.as('alice', 'POST', '/journal-entries/import', input, headers);
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(result);
    const changed = await b.as(
      'alice',
      'POST',
      '/journal-entries/import',
      { entries: [pair('2026-02-20', '9.00')] },
      headers,
    );
    expect(changed.status).toBe(409);
    expect((await posted(b)).length).toBe(3);
  });

  it('imports CSV: one row per line, consecutive rows with one entry key form an entry', async () => {
    const b = await open();
    const csv = [
      'entry,date,memo,reference,account,side,amount,facility,division,line_memo',
      'A,2026-01-10,Opening cash,OB-1,1000,debit,100.00,,,',
      'A,2026-01-10,Opening cash,OB-1,4000,credit,100.00,,,first sale',
      'B,2026-01-11,Rent,,6000,debit,40.00,,,',
      'B,2026-01-11,Rent,,1000,credit,40.00,,,',
    ].join('\n');
    const response = await b.as('alice', 'POST', '/journal-entries/import', { csv }, { 'idempotency-key': nextKey() });
    expect(response.status).toBe(201);
    expect(((await response.json()) as Imported).entries.map((e) => [e.row, e.number])).toEqual([
      ['rows.2', 1],
      ['rows.4', 2],
    ]);
  });

  it('checks the whole batch first: every problem by row, and nothing written', async () => {
    const b = await open();
    const csv = [
      'entry,date,memo,reference,account,side,amount,facility,division,line_memo',
      'A,2026-01-10,Fine,,1000,debit,1.00,,,',
      'A,2026-01-10,Fine,,4000,credit,1.00,,,',
      'B,2026-01-11,Unknown code,,1000,debit,1.00,,,',
      'B,2026-01-11,Unknown code,,9999,credit,1.00,,,',
      'C,2026-01-12,Unbalanced,,1000,debit,1.00,,,',
      'C,2026-01-12,Unbalanced,,4000,credit,2.00,,,',
      'D,2026-13-40,Bad date,,1000,debit,1.00,,,',
      'D,2026-13-40,Bad date,,4000,sideways,1.00,,,',
    ].join('\n');
    const response = await b.as('alice', 'POST', '/journal-entries/import', { csv }, { 'idempotency-key': nextKey() });
    expect(response.status).toBe(400);
    const fields = ((await response.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['rows.5.account', 'rows.6.lines', 'rows.8.date', 'rows.9.side']));
    expect(fields.some((f) => f.startsWith('rows.2') || f.startsWith('rows.3'))).toBe(false);
    expect(await posted(b)).toEqual([]);
  });

  it('refuses an import without an Idempotency-Key, under dual control, and over the size limit', async () => {
    const b = await open();
    const input = { entries: [pair('2026-01-10', '1.00')] };
    expect((await b.as('alice', 'POST', '/journal-entries/import', input)).status).toBe(400);
    expect((await b.as('alice', 'PUT', '/settings/dual-control', { enabled: true })).status).toBe(200);
    const dual = await b.as('alice', 'POST', '/journal-entries/import', input, { 'idempotency-key': nextKey() });
    expect(dual.status).toBe(409);
    expect(((await dual.json()) as { detail: string }).detail).toMatch(/Dual control/);
    const huge = { csv: 'x'.repeat(11 * 1024 * 1024) };
    const tooLarge = await b.as('alice', 'POST', '/journal-entries/import', huge, { 'idempotency-key': nextKey() });
    expect(tooLarge.status).toBe(413);
    expect(await posted(b)).toEqual([]);
  });
});
