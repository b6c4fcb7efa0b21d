import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBooks, type Books } from '../harness/ledger-books';
import { type RunningHost, startTestApp } from '../harness/local-host';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

interface Entry {
  id: string;
  number: number | null;
  status: string;
  date: string;
  reversalOf: string | null;
  reversedBy: string | null;
  lines: Array<{ accountId: string; side: string; amount: string }>;
}
interface Period {
  month: string;
  status: string;
  closingEntryId?: string | null;
}

/**
 * A fiscal year-end month that was closed, reopened, adjusted and closed again: the first
 * closing entry is reversed by the reopen, the second close posts a fresh one, retained earnings
 * carry the adjustment, and the next fiscal year closes normally.
 */
describe('reopening a fiscal year end over HTTP', () => {
  let host: RunningHost;
  let books: Books;
  let data: Container;
  const as = (method: string, path: string, body?: unknown) => books.as('member-cfo', method, path, body);
  const json = async <T>(response: Promise<Response>, status = 200): Promise<T> => {
    const r = await response;
    expect(r.status, await r.clone().text()).toBe(status);
    return (await r.json()) as T;
  };
  async function post(date: string, amount: string, debit: string, credit: string): Promise<Entry> {
    const draft = await json<Entry>(
      as('POST', '/journal-entries', {
        date,
        memo: `${debit}/${credit}`,
        currency: 'USD',
        lines: [
          { accountId: books.accounts[debit], side: 'debit', amount },
          { accountId: books.accounts[credit], side: 'credit', amount },
        ],
      }),
      201,
    );
    return json<Entry>(as('POST', `/journal-entries/${draft.id}/post`));
  }
  const line = (entry: Entry, code: string) => entry.lines.find((l) => l.accountId === books.accounts[code]);

  beforeAll(async () => {
    host = await startTestApp(secrets);
    data = host.containers.tenantData;
    books = await openBooks({
      url: host.url,
      data,
      tokens,
      profile: { fiscalYearStartMonth: 1, booksStartMonth: '2025-11' },
      members: { 'member-cfo': { ledger: 'admin', 'journal-entries': 'admin', settings: 'admin' } },
      accounts: [
        ['1000', 'asset'],
        ['3900', 'equity'],
        ['4000', 'revenue'],
        ['6100', 'expense'],
      ],
    });
    await json(as('PUT', '/settings/retained-earnings-account', { accountId: books.accounts['3900'] }));
    await post('2025-11-10', '100.00', '1000', '4000');
    await post('2025-11-20', '30.00', '6100', '1000');
    await json(as('POST', '/periods/2025-11/close'));
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('reopen reverses the closing entry, an adjustment reaches retained earnings, and the books close on', async () => {
    const first = await json<Period>(as('POST', '/periods/2025-12/close'));
    const firstClosing = await json<Entry>(as('GET', `/journal-entries/${first.closingEntryId}`));
    expect(firstClosing).toMatchObject({ number: 3, date: '2025-12-31' });
    expect(line(firstClosing, '3900')).toMatchObject({ side: 'credit', amount: '70.00' });
    await post('2026-01-15', '10.00', '1000', '4000');

    const reopened = await json<{ state: string; period: Period }>(as('POST', '/periods/2025-12/reopen'));
    expect(reopened.period).toMatchObject({ status: 'open', closingEntryId: null });
    const reversedClosing = await json<Entry>(as('GET', `/journal-entries/${firstClosing.id}`));
    const reversal = await json<Entry>(as('GET', `/journal-entries/${reversedClosing.reversedBy}`));
    expect(reversal).toMatchObject({ status: 'posted', number: 5, date: '2025-12-31', reversalOf: firstClosing.id });
    expect(line(reversal, '3900')).toMatchObject({ side: 'debit', amount: '70.00' });
    const { resources: audit } = await data.items
      .query({
        query:
          "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.action = 'ledger.period-reopened'",
        parameters: [{ name: '@t', value: books.tenantId }],
      })
      .fetchAll();
    expect(audit).toMatchObject([
      { target: { id: '2025-12' }, details: { closingEntryReversed: firstClosing.id, reversalId: reversal.id } },
    ]);
    // Reopened, the year's income and expense are open again and retained earnings are back to nothing.
    const open = await json<{ rows: Array<{ code: string; debit: string; credit: string }> }>(
      as('GET', '/reports/trial-balance?asOf=2025-12-31'),
    );
    expect(open.rows.map((r) => [r.code, r.debit, r.credit])).toEqual([
      ['1000', '70.00', '0.00'],
      ['4000', '0.00', '100.00'],
      ['6100', '30.00', '0.00'],
    ]);

    const adjustment = await post('2025-12-25', '5.00', '6100', '1000');
    expect(adjustment.number).toBe(6);
    const second = await json<Period>(as('POST', '/periods/2025-12/close'));
    expect(second.closingEntryId).not.toBe(first.closingEntryId);
    const secondClosing = await json<Entry>(as('GET', `/journal-entries/${second.closingEntryId}`));
    expect(secondClosing.number).toBe(7);
    expect(line(secondClosing, '4000')).toMatchObject({ side: 'debit', amount: '100.00' });
    expect(line(secondClosing, '6100')).toMatchObject({ side: 'credit', amount: '35.00' });
    expect(line(secondClosing, '3900')).toMatchObject({ side: 'credit', amount: '65.00' });

    const closed = await json<{ rows: Array<{ code: string; debit: string; credit: string }> }>(
      as('GET', '/reports/trial-balance?asOf=2025-12-31'),
    );
    expect(closed.rows.map((r) => [r.code, r.debit, r.credit])).toEqual([
      ['1000', '65.00', '0.00'],
      ['3900', '0.00', '65.00'],
    ]);
    const income = await json<{ totals: object }>(as('GET', '/reports/income-statement?from=2025-11-01&to=2025-12-31'));
    expect(income.totals).toEqual({ revenue: '100.00', expenses: '35.00', netIncome: '65.00' });
    const december = await json<{ totals: object }>(
      as('GET', '/reports/income-statement?from=2025-12-01&to=2025-12-31'),
    );
    expect(december.totals).toEqual({ revenue: '0.00', expenses: '5.00', netIncome: '-5.00' });

    expect((await as('POST', '/periods/2026-01/close')).status).toBe(200);
    const sheet = await json<{ equity: Array<{ code: string; amount: string }>; unclosedEarnings: string }>(
      as('GET', '/reports/balance-sheet?asOf=2026-01-31'),
    );
    expect(sheet.equity).toEqual([expect.objectContaining({ code: '3900', amount: '65.00' })]);
    expect(sheet.unclosedEarnings).toBe('10.00');
    const numbers = (await json<{ items: Entry[] }>(as('GET', '/journal-entries?pageSize=50'))).items
      .map((e) => e.number)
      .sort((a, b) => a! - b!);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
