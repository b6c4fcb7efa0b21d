import type { Container } from '@azure/cosmos';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyRequests, type RunningHost, startTestApp } from '../harness/local-host';
import { addDimensions } from '../harness/dimensions';
import { openPayablesBooks, type PayablesBooks } from '../harness/payables-books';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const admin = { ledger: 'admin', payables: 'admin', members: 'admin', settings: 'admin' } as const;

interface Aging {
  buckets: string[];
  vendors: Array<{ name: string; buckets: string[]; total: string; bills: number }>;
  totals: { buckets: string[]; total: string };
  documentsRead: number;
}

/** The AP aging over HTTP ('payables-aging'): buckets, credits, dates, files, filters and restrictions. */
describe('payables: the AP aging', () => {
  let host: RunningHost;
  let data: Container;
  let books: PayablesBooks;
  const aging = async (query: string, who = 'alice') =>
    (await books.call<Aging>(who, 'GET', `payables/aging?${query}`)).body;

  async function posted(body: Record<string, unknown>) {
    const draft = await books.call<{ id: string; version: string }>('alice', 'POST', 'payables/bills', {
      currency: 'USD',
      ...body,
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    await books.call('alice', 'POST', `payables/bills/${draft.body.id}/submit`);
    const approved = await books.call('bob', 'POST', `payables/bills/${draft.body.id}/approve`, {
      version: draft.body.version,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    return draft.body.id;
  }

  beforeAll(async () => {
    host = await startTestApp(secrets, manyRequests);
    data = host.containers.tenantData;
    books = await openPayablesBooks({
      url: host.url,
      data,
      tokens,
      members: { alice: admin, bob: admin, carol: { payables: 'read' } },
    });
    await addDimensions(`${host.url}/api`, books.sessions.alice!, { facilities: ['F1'], divisions: [] });
    const restricted = await books.call('alice', 'PUT', 'admin/members/carol/restrictions', { facilities: ['F1'] });
    expect(restricted.status, JSON.stringify(restricted.body)).toBe(200);
    const vendor = async (name: string, netDays: number) =>
      (await books.call<{ id: string }>('alice', 'POST', 'payables/vendors', { name, terms: { netDays } })).body.id;
    const [paper, ink] = [await vendor('Paper', 10), await vendor('Ink', 30)];
    const expense = books.accounts['6000'];
    await posted({
      vendorId: paper,
      billNumber: 'P-1',
      billDate: '2026-01-10',
      lines: [{ accountId: expense, amount: '100.00' }],
    });
    await posted({
      vendorId: ink,
      billNumber: 'I-1',
      billDate: '2026-03-01',
      lines: [{ accountId: expense, amount: '200.00', facility: 'F1' }],
    });
    await posted({
      kind: 'credit',
      vendorId: paper,
      billNumber: 'CM-1',
      billDate: '2026-03-05',
      lines: [{ accountId: expense, amount: '30.00' }],
    });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('puts each open bill in its bucket of days past due, credits against their vendor, with totals', async () => {
    const report = await aging('asOf=2026-03-15');
    expect(report.buckets).toEqual(['current', '1-30', '31-60', '61-90', 'over 90']);
    expect(report.vendors).toEqual([
      {
        vendorId: expect.any(String),
        name: 'Ink',
        buckets: ['200.00', '0.00', '0.00', '0.00', '0.00'],
        total: '200.00',
        bills: 1,
      },
      {
        vendorId: expect.any(String),
        name: 'Paper',
        buckets: ['-30.00', '0.00', '100.00', '0.00', '0.00'],
        total: '70.00',
        bills: 2,
      },
    ]);
    expect(report.totals).toEqual({ buckets: ['170.00', '0.00', '100.00', '0.00', '0.00'], total: '270.00' });
    expect(report.documentsRead).toBeGreaterThanOrEqual(3);
  });

  it('is as of any date, and takes its buckets from the request', async () => {
    expect((await aging('asOf=2026-01-09')).vendors).toEqual([]);
    expect((await aging('asOf=2026-02-01')).totals.total).toBe('100.00');
    const custom = await aging('asOf=2026-03-15&buckets=10,20');
    expect(custom.buckets).toEqual(['current', '1-10', '11-20', 'over 20']);
    expect(custom.totals.buckets).toEqual(['170.00', '0.00', '0.00', '100.00']);
    expect((await books.call('alice', 'GET', 'payables/aging?asOf=2026-03-15&buckets=20,10')).status).toBe(400);
  });

  it('filters by facility, and a restricted member ages only the bills in reach', async () => {
    expect((await aging('asOf=2026-03-15&facility=F1')).vendors.map((v) => v.name)).toEqual(['Ink']);
    const theirs = await aging('asOf=2026-03-15', 'carol');
    expect(theirs.vendors.map((v) => v.name)).toEqual(['Ink']);
    expect(theirs.totals.total).toBe('200.00');
  });

  it('answers as CSV and as PDF', async () => {
    const csv = await books.call<string>('alice', 'GET', 'payables/aging?asOf=2026-03-15&format=csv');
    const rows = parse<Record<string, string>>(csv.body, { columns: true });
    expect(rows.map((r) => [r.vendor, r.total])).toEqual([
      ['Ink', '200.00'],
      ['Paper', '70.00'],
      ['Total', '270.00'],
    ]);
    const pdf = await books.raw('alice', 'GET', 'payables/aging?asOf=2026-03-15&format=pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});
