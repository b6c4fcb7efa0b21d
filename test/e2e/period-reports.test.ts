import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { parse } from 'csv-parse/sync';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startTestApp } from '../harness/local-host';
import { addTestMember, addTestOrganization, openTestSession } from '../harness/members';
import { eventually } from '../harness/outbox';
import { samplePng } from '../harness/sample-files';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

describe('closing a month stores its reports', () => {
  let host: RunningHost;
  let data: Container;
  let authorization: string;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const accounts: Record<string, string> = {};
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${host.url}/api/${path}`, {
      method,
      headers: {
        authorization,
        ...(body && !(body instanceof Buffer) ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { body: body instanceof Buffer ? body : JSON.stringify(body) } : {}),
    });
  const json = async <T>(path: string) => (await (await api('GET', path)).json()) as T;
  const post = async (date: string, amount: string, debit: string, credit: string) => {
    const draft = (await (
      await api('POST', 'ledger/journal-entries', {
        date,
        memo: `${debit}/${credit}`,
        currency: 'USD',
        lines: [
          { accountId: accounts[debit], side: 'debit', amount },
          { accountId: accounts[credit], side: 'credit', amount },
        ],
      })
    ).json()) as { id: string };
    expect((await api('POST', `ledger/journal-entries/${draft.id}/post`)).status).toBe(200);
  };

  beforeAll(async () => {
    host = await startTestApp(secrets);
    data = host.containers.tenantData;
    await addTestOrganization(data, org, {
      slug: 'period-reports',
      name: 'Northwind Test Holdings',
      booksStartMonth: '2026-01',
    });
    await addTestMember(data, org, 'cfo', { ledger: 'admin', 'journal-entries': 'admin', settings: 'admin' });
    authorization = (await openTestSession(data, tokens, org, 'cfo')).authorization;
    expect(
      (await api('POST', 'documents/logo?filename=logo.png', samplePng(32), { 'content-type': 'image/png' })).status,
    ).toBe(201);
    for (const [code, name, type] of [
      ['1000', 'Operating cash', 'asset'],
      ['3000', 'Owner equity', 'equity'],
      ['4000', 'Consulting revenue', 'revenue'],
      ['6100', 'Office rent', 'expense'],
    ] as const)
      accounts[code] = (
        (await (await api('POST', 'ledger/accounts', { code, name, type })).json()) as { id: string }
      ).id;
    await post('2026-01-02', '5000.00', '1000', '3000');
    await post('2026-01-15', '1234.50', '1000', '4000');
    await post('2026-01-20', '800.00', '6100', '1000');
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('as PDF and CSV documents of the month, matching the ledger, with the organisation letterhead', async () => {
    expect((await api('POST', 'ledger/periods/2026-01/close')).status).toBe(200);
    // The close stages the work and hands it to the queue at once (the sweeper, a minute away, is only the fallback).
    const documents = await eventually(async () => {
      const page = await json<{ items: Array<{ id: string; filename: string; contentType: string }> }>(
        'documents/period-report?ownerId=2026-01',
      );
      return page.items.length === 6 ? page.items : undefined;
    }, 15_000);
    expect(documents.map((d) => d.filename).sort()).toEqual([
      'balance-sheet-2026-01-v1.csv',
      'balance-sheet-2026-01-v1.pdf',
      'income-statement-2026-01-v1.csv',
      'income-statement-2026-01-v1.pdf',
      'trial-balance-2026-01-v1.csv',
      'trial-balance-2026-01-v1.pdf',
    ]);
    const content = async (filename: string) => {
      const id = documents.find((d) => d.filename === filename)!.id;
      return Buffer.from(await (await api('GET', `documents/period-report/${id}/content`)).arrayBuffer());
    };

    const ledger = await json<{
      rows: Array<{ code: string; debit: string; credit: string }>;
      totals: { debit: string };
    }>('ledger/reports/trial-balance?asOf=2026-01-31');
    const csv = parse<Record<string, string>>((await content('trial-balance-2026-01-v1.csv')).toString(), {
      columns: true,
    });
    expect(csv.filter((r) => r.code).map(({ code, debit, credit }) => ({ code, debit, credit }))).toEqual(
      ledger.rows.map(({ code, debit, credit }) => ({ code, debit, credit })),
    );
    expect(csv.at(-1)).toMatchObject({ name: 'Total', debit: ledger.totals.debit });

    const trialPdf = await content('trial-balance-2026-01-v1.pdf');
    const { text: trial } = await extractText(new Uint8Array(trialPdf), { mergePages: true });
    for (const expected of [
      'Northwind Test Holdings',
      'Trial balance 2026-01',
      'As of 2026-01-31',
      'Operating cash',
      '5434.50',
      '6234.50',
    ])
      expect(trial).toContain(expected);
    expect(trialPdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
    const { text: income } = await extractText(new Uint8Array(await content('income-statement-2026-01-v1.pdf')), {
      mergePages: true,
    });
    for (const expected of ['Consulting revenue', '1234.50', 'Office rent', 'Net income', '434.50'])
      expect(income).toContain(expected);
    const { text: sheet } = await extractText(new Uint8Array(await content('balance-sheet-2026-01-v1.pdf')), {
      mergePages: true,
    });
    for (const expected of ['Total assets', '5434.50', 'Earnings not yet closed', '434.50'])
      expect(sheet).toContain(expected);
  });
});
