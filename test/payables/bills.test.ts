import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyRequests, type RunningHost, startTestApp } from '../harness/local-host';
import { openPayablesBooks, type PayablesBooks } from '../harness/payables-books';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const admin = { ledger: 'admin', 'journal-entries': 'admin', payables: 'admin', settings: 'admin' } as const;

interface Bill {
  id: string;
  status: string;
  version: string;
  dueDate: string;
  total: string;
  open: string;
  paid: string;
  journalEntryId: string | null;
  voidEntryId: string | null;
  drafters: string[];
}

/** Vendors and bills over HTTP: the life of a bill from draft to paid or void, and what it does to the ledger. */
describe('payables: vendors and bills', () => {
  let host: RunningHost;
  let data: Container;
  let books: PayablesBooks;
  let numbers = 0;

  const vendor = async (extra: Record<string, unknown> = {}) => {
    const created = await books.call<{ id: string; taxId: string | null }>('alice', 'POST', 'payables/vendors', {
      name: 'Paper & Co',
      taxId: '12-3456789',
      contacts: [{ name: 'Accounts', phone: '+1 555 0100', email: 'ap@paper.example' }],
      terms: { netDays: 30, discountPercent: '2', discountDays: 10 },
      ...extra,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const billBody = (vendorId: string, amount = '100.00', extra: Record<string, unknown> = {}) => ({
    vendorId,
    billNumber: `INV-${(numbers += 1)}`,
    billDate: '2026-03-10',
    currency: 'USD',
    lines: [{ accountId: books.accounts['6000'], amount, memo: 'Paper' }],
    ...extra,
  });
  const draft = async (by: string, body: Record<string, unknown>) => {
    const created = await books.call<Bill>(by, 'POST', 'payables/bills', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const posted = async (vendorId: string, amount = '100.00') => {
    const bill = await draft('alice', billBody(vendorId, amount));
    await books.call('alice', 'POST', `payables/bills/${bill.id}/submit`);
    const approved = await books.call<Bill>('bob', 'POST', `payables/bills/${bill.id}/approve`, {
      version: bill.version,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    return approved.body;
  };
  const apBalance = async (asOf = '2026-12-31') => {
    const { body } = await books.call<{ rows: Array<{ code: string; debit: string; credit: string }> }>(
      'alice',
      'GET',
      `ledger/reports/trial-balance?asOf=${asOf}`,
    );
    const row = body.rows.find((r) => r.code === '2000');
    return row ? Number(row.credit) - Number(row.debit) : 0;
  };

  beforeAll(async () => {
    host = await startTestApp(secrets, manyRequests);
    data = host.containers.tenantData;
    books = await openPayablesBooks({ url: host.url, data, tokens, members: { alice: admin, bob: admin } });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it("keeps a vendor's tax id encrypted and shows only its last four", async () => {
    const created = await vendor();
    expect(created.taxId).toBe('••••6789');
    const { resource } = await data.item(created.id, books.tenantId).read<Record<string, unknown>>();
    expect(String(resource!.taxIdCiphertext)).toMatch(/^enc:v1:sensitive:/);
    expect(JSON.stringify(resource)).not.toContain('3456789');
  });

  it('dates a bill from its terms and refuses the same vendor number twice, naming the first bill', async () => {
    const paper = await vendor();
    const first = await draft('alice', billBody(paper.id, '10.00', { billNumber: 'A-100' }));
    expect(first.dueDate).toBe('2026-04-09');
    const again = await books.call<{ detail: string }>(
      'alice',
      'POST',
      'payables/bills',
      billBody(paper.id, '10.00', { billNumber: 'a 100.' }),
    );
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(first.id);
    const other = await vendor({ name: 'Other Ltd' });
    await draft('alice', billBody(other.id, '10.00', { billNumber: 'A-100' }));
  });

  it('posts a bill only when another member approves the version they reviewed, crediting AP control', async () => {
    const paper = await vendor();
    const before = await apBalance();
    const bill = await draft('alice', billBody(paper.id, '250.00', { tax: '20.00' }));
    expect(bill.total).toBe('270.00');
    expect(
      (await books.call('bob', 'POST', `payables/bills/${bill.id}/approve`, { version: bill.version })).status,
    ).toBe(409);
    expect((await books.call('bob', 'POST', `payables/bills/${bill.id}/submit`)).status).toBe(403);
    await books.call('alice', 'POST', `payables/bills/${bill.id}/submit`);
    expect(
      (await books.call('alice', 'POST', `payables/bills/${bill.id}/approve`, { version: bill.version })).status,
    ).toBe(403);
    expect(
      (await books.call('bob', 'POST', `payables/bills/${bill.id}/approve`, { version: '0'.repeat(64) })).status,
    ).toBe(409);
    const approved = await books.call<Bill>('bob', 'POST', `payables/bills/${bill.id}/approve`, {
      version: bill.version,
    });
    expect(approved.body).toMatchObject({ status: 'posted', open: '270.00' });
    expect(await apBalance()).toBeCloseTo(before + 270);
    const entry = await books.call<{ status: string; lines: Array<{ side: string; amount: string }> }>(
      'alice',
      'GET',
      `ledger/journal-entries/${approved.body.journalEntryId}`,
    );
    expect(entry.body.status).toBe('posted');
    expect(entry.body.lines.map((l) => `${l.side} ${l.amount}`)).toEqual([
      'debit 250.00',
      'debit 20.00',
      'credit 270.00',
    ]);
    expect(
      (await books.call('alice', 'POST', `payables/bills/${bill.id}/approve`, { version: bill.version })).status,
    ).toBe(409);
    const edit = await books.call('alice', 'PUT', `payables/bills/${bill.id}`, {
      ...billBody(paper.id),
      vendorId: undefined,
    });
    expect(edit.status).toBe(409);
  });

  it('an edit after submission makes the editor a drafter and withdraws the submission', async () => {
    const paper = await vendor();
    const bill = await draft('alice', billBody(paper.id));
    await books.call('alice', 'POST', `payables/bills/${bill.id}/submit`);
    const { vendorId: _v, ...changes } = billBody(paper.id, '99.00');
    const edited = await books.call<Bill>('bob', 'PUT', `payables/bills/${bill.id}`, changes);
    expect(edited.body).toMatchObject({ status: 'draft', drafters: ['alice', 'bob'] });
    await books.call('bob', 'POST', `payables/bills/${bill.id}/submit`);
    expect(
      (await books.call('bob', 'POST', `payables/bills/${bill.id}/approve`, { version: edited.body.version })).status,
    ).toBe(403);
    expect(
      (await books.call('alice', 'POST', `payables/bills/${bill.id}/approve`, { version: edited.body.version })).status,
    ).toBe(403);
  });

  it('pays a bill in parts, once per payment id, and refuses to delete its vendor until it is paid', async () => {
    const paper = await vendor();
    const bill = await posted(paper.id, '100.00');
    const pay = (paymentId: string, amount: string) =>
      books.call<Bill>('alice', 'POST', `payables/bills/${bill.id}/payments`, {
        paymentId,
        date: '2026-03-20',
        amount,
        cashAccountId: books.accounts['1000'],
      });
    expect((await pay('chq-1', '40.00')).body).toMatchObject({
      status: 'partially-paid',
      open: '60.00',
      paid: '40.00',
    });
    expect((await pay('chq-1', '40.00')).body).toMatchObject({ open: '60.00' });
    expect((await pay('chq-2', '70.00')).status).toBe(409);
    expect((await books.call('alice', 'DELETE', `payables/vendors/${paper.id}`)).status).toBe(409);
    expect((await pay('chq-2', '60.00')).body).toMatchObject({ status: 'paid', open: '0.00' });
    expect(
      (await books.call('alice', 'POST', `payables/bills/${bill.id}/void`, { date: '2026-03-21', reason: 'x' })).status,
    ).toBe(409);
    expect((await books.call('alice', 'DELETE', `payables/vendors/${paper.id}`)).status).toBe(204);
    expect((await books.call('alice', 'GET', `payables/vendors/${paper.id}`)).status).toBe(404);
    expect((await books.call('alice', 'GET', `payables/bills/${bill.id}`)).status).toBe(200);
  });

  it('voids a posted bill by a reversing entry and frees its number', async () => {
    const paper = await vendor();
    const before = await apBalance();
    const beforeVoidDate = await apBalance('2026-03-14');
    const bill = await posted(paper.id, '80.00');
    expect(await apBalance()).toBeCloseTo(before + 80);
    const voided = await books.call<Bill>('alice', 'POST', `payables/bills/${bill.id}/void`, {
      date: '2026-03-15',
      reason: 'Wrong amount',
    });
    expect(voided.body.status).toBe('void');
    expect(await apBalance()).toBeCloseTo(before);
    expect(await apBalance('2026-03-14')).toBeCloseTo(beforeVoidDate + 80);
    const reversal = await books.call<{ reversalOf: string }>(
      'alice',
      'GET',
      `ledger/journal-entries/${voided.body.voidEntryId}`,
    );
    expect(reversal.body.reversalOf).toBe(bill.journalEntryId);
    const { body: original } = await books.call<{ billNumber: string }>('alice', 'GET', `payables/bills/${bill.id}`);
    await draft('alice', billBody(paper.id, '8.00', { billNumber: original.billNumber }));
  });

  it('attaches only an uploaded bill document', async () => {
    const paper = await vendor();
    const wrong = await books.call(
      'alice',
      'POST',
      'payables/bills',
      billBody(paper.id, '5.00', { documentId: 'document-nope' }),
    );
    expect(wrong.status).toBe(400);
  });
});
