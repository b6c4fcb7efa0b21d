import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyRequests, type RunningHost, startTestApp } from '../harness/local-host';
import { addDimensions } from '../harness/dimensions';
import { openPayablesBooks, type PayablesBooks } from '../harness/payables-books';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const admin = { ledger: 'admin', payables: 'admin', members: 'admin', settings: 'admin' } as const;

interface Refusal {
  errors?: Array<{ field: string; reason: string }>;
}

/** Vendors and bills name facilities and divisions of the organisation's lists, active, as ledger lines do. */
describe('payables: facilities and divisions on vendors and bills', () => {
  let host: RunningHost;
  let data: Container;
  let books: PayablesBooks;
  let vendorId: string;
  const expense = () => books.accounts['6000']!;
  const line = (tags: Record<string, string>) => ({ accountId: expense(), amount: '10.00', ...tags });
  const content = (billNumber: string, lines: unknown[]) => ({
    billNumber,
    billDate: '2026-02-01',
    currency: 'USD',
    lines,
  });
  const bill = (billNumber: string, lines: unknown[]) => ({ vendorId, ...content(billNumber, lines) });
  const setActive = (plural: string, code: string, active: boolean) =>
    books.call('alice', 'PATCH', `settings/${plural}/${code}`, { active });

  beforeAll(async () => {
    host = await startTestApp(secrets, manyRequests);
    data = host.containers.tenantData;
    books = await openPayablesBooks({
      url: host.url,
      data,
      tokens,
      members: { alice: admin, bob: admin, carol: { ledger: 'edit', payables: 'edit' } },
    });
    await addDimensions(`${host.url}/api`, books.sessions.alice!, {
      facilities: ['A', 'B', 'old-yard'],
      divisions: ['retail', 'closed'],
    });
    expect((await setActive('facilities', 'old-yard', false)).status).toBe(200);
    expect((await setActive('divisions', 'closed', false)).status).toBe(200);
    const restricted = await books.call('alice', 'PUT', 'admin/members/carol/restrictions', { facilities: ['A'] });
    expect(restricted.status, JSON.stringify(restricted.body)).toBe(200);
    const vendor = await books.call<{ id: string }>('alice', 'POST', 'payables/vendors', {
      name: 'Paper',
      terms: { netDays: 30 },
      facility: 'A',
      division: 'retail',
    });
    expect(vendor.status, JSON.stringify(vendor.body)).toBe(201);
    vendorId = vendor.body.id;
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
  });

  it('refuses a vendor whose facility or division is unknown or inactive, naming the field, at create and update', async () => {
    const unknown = await books.call<Refusal>('alice', 'POST', 'payables/vendors', {
      name: 'Ink',
      terms: { netDays: 30 },
      facility: 'plant-9',
      division: 'closed',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { field: 'facility', reason: 'no facility with the code plant-9' },
      { field: 'division', reason: 'the division closed is inactive' },
    ]);
    const changed = await books.call<Refusal>('alice', 'PATCH', `payables/vendors/${vendorId}`, {
      facility: 'old-yard',
    });
    expect(changed.status).toBe(400);
    expect(changed.body.errors).toEqual([{ field: 'facility', reason: 'the facility old-yard is inactive' }]);
    const vendor = await books.call<{ facility: string }>('alice', 'GET', `payables/vendors/${vendorId}`);
    expect(vendor.body.facility).toBe('A');
    expect((await books.call('alice', 'PATCH', `payables/vendors/${vendorId}`, { facility: 'B' })).status).toBe(200);
    expect((await books.call('alice', 'PATCH', `payables/vendors/${vendorId}`, { facility: 'A' })).status).toBe(200);
  });

  it('refuses bill lines naming an unknown or inactive facility or division, at draft create and update', async () => {
    const created = await books.call<Refusal>(
      'alice',
      'POST',
      'payables/bills',
      bill('D-1', [line({ facility: 'A' }), line({ facility: 'nowhere', division: 'closed' })]),
    );
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([
      { field: 'lines.1.facility', reason: 'no facility with the code nowhere' },
      { field: 'lines.1.division', reason: 'the division closed is inactive' },
    ]);
    const draft = await books.call<{ id: string }>('alice', 'POST', 'payables/bills', bill('D-2', [line({})]));
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const updated = await books.call<Refusal>(
      'alice',
      'PUT',
      `payables/bills/${draft.body.id}`,
      content('D-2', [line({ facility: 'old-yard' })]),
    );
    expect(updated.status).toBe(400);
    expect(updated.body.errors).toEqual([{ field: 'lines.0.facility', reason: 'the facility old-yard is inactive' }]);
    const listed = await books.call<{ items: Array<{ billNumber: string }> }>('alice', 'GET', 'payables/bills');
    expect(listed.body.items.map((b) => b.billNumber)).toEqual(['D-2']);
  });

  it('checks the lines again at approval: a facility deactivated since the draft stops the posting', async () => {
    const draft = await books.call<{ id: string; version: string }>(
      'alice',
      'POST',
      'payables/bills',
      bill('D-3', [line({ facility: 'B', division: 'retail' })]),
    );
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect((await books.call('alice', 'POST', `payables/bills/${draft.body.id}/submit`)).status).toBe(200);
    expect((await setActive('facilities', 'B', false)).status).toBe(200);
    const refused = await books.call<Refusal>('bob', 'POST', `payables/bills/${draft.body.id}/approve`, {
      version: draft.body.version,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'lines.0.facility', reason: 'the facility B is inactive' }]);
    const still = await books.call<{ status: string; journalEntryId: string | null }>(
      'alice',
      'GET',
      `payables/bills/${draft.body.id}`,
    );
    expect(still.body).toMatchObject({ status: 'submitted', journalEntryId: null });

    expect((await setActive('facilities', 'B', true)).status).toBe(200);
    const approved = await books.call('bob', 'POST', `payables/bills/${draft.body.id}/approve`, {
      version: draft.body.version,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  });

  it('a member restricted to facility A cannot draft a bill line tagged B', async () => {
    const refused = await books.call('carol', 'POST', 'payables/bills', bill('R-1', [line({ facility: 'B' })]));
    expect(refused.status).toBe(403);
    const untagged = await books.call('carol', 'POST', 'payables/bills', bill('R-2', [line({})]));
    expect(untagged.status).toBe(403);
    const allowed = await books.call('carol', 'POST', 'payables/bills', bill('R-3', [line({ facility: 'A' })]));
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(201);
    const listed = await books.call<{ items: Array<{ billNumber: string }> }>('alice', 'GET', 'payables/bills');
    expect(listed.body.items.map((b) => b.billNumber)).not.toContain('R-1');
  });
});
