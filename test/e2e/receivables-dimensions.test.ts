import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDimensions } from '../harness/dimensions';
import { type RunningHost, startTestApp } from '../harness/local-host';
import { addTestMember, addTestOrganization, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

interface Problem {
  errors?: Array<{ field: string; reason: string }>;
}

/**
 * Customers, invoice lines and credit-note lines name facilities and divisions from the managed
 * lists: an unknown or inactive entry is refused with a 400 naming the field, at customer create
 * and change, at invoice draft and change, and again when the invoice is issued (as the ledger
 * checks at posting); a restricted member cannot use a facility outside their reach (403).
 */
describe('receivables against the facility and division lists, over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const auth: Record<'admin' | 'restricted', string> = { admin: '', restricted: '' };
  const accounts: Record<'cash' | 'ar' | 'tax' | 'sales', string> = { cash: '', ar: '', tax: '', sales: '' };

  const call = (who: keyof typeof auth, method: string, path: string, body?: unknown) =>
    fetch(`${host.url}/api${path}`, {
      method,
      headers: { authorization: auth[who], ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const refused = async (response: Response, status = 400) => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return (JSON.parse(text) as Problem).errors;
  };
  const created = async (response: Response) => {
    const text = await response.text();
    expect(response.status, text).toBe(201);
    return JSON.parse(text) as { id: string; status?: string };
  };
  const customerBody = (tags: Record<string, string> = {}) => ({
    name: `Customer ${randomUUID().slice(0, 6)}`,
    billingEmails: ['ap@customer.example'],
    ...tags,
  });
  const line = (tags: Record<string, string> = {}) => ({
    description: 'Consulting',
    quantity: '2',
    unitPrice: '50.00',
    revenueAccountId: accounts.sales,
    ...tags,
  });
  const invoiceBody = (customerId: string, tags: Record<string, string> = {}) => ({
    customerId,
    issueDate: '2026-02-10',
    lines: [line(tags)],
  });
  const deactivate = async (plural: 'facilities' | 'divisions', code: string) =>
    expect((await call('admin', 'PATCH', `/settings/${plural}/${code}`, { active: false })).status).toBe(200);

  beforeAll(async () => {
    host = await startTestApp(secrets);
    data = host.containers.tenantData;
    await addTestOrganization(data, org, {
      slug: `ar-dims-${org.slice(4)}`,
      name: 'AR Dimensions',
      booksStartMonth: '2026-01',
    });
    const everything = { ledger: 'admin', receivables: 'admin', settings: 'admin', members: 'admin' } as const;
    await addTestMember(data, org, 'member-admin', everything);
    await addTestMember(data, org, 'member-restricted', everything);
    auth.admin = (await openTestSession(data, tokens, org, 'member-admin')).authorization;
    for (const [name, code, type] of [
      ['cash', '1000', 'asset'],
      ['ar', '1200', 'asset'],
      ['tax', '2200', 'liability'],
      ['sales', '4000', 'revenue'],
    ] as const)
      accounts[name] = (await created(await call('admin', 'POST', '/ledger/accounts', { code, name, type }))).id;
    const settings = await call('admin', 'PUT', '/receivables/settings', {
      arControlAccountId: accounts.ar,
      salesTaxAccountId: accounts.tax,
      cashAccountId: accounts.cash,
      statementDay: 1,
      statementOverdueOnly: false,
    });
    expect(settings.status, await settings.text()).toBe(200);
    await addDimensions(`${host.url}/api`, auth.admin, {
      facilities: ['F1', 'F2', 'F3', 'F4', 'OLD'],
      divisions: ['D1', 'OLDD'],
    });
    await deactivate('facilities', 'OLD');
    await deactivate('divisions', 'OLDD');
    const restriction = await call('admin', 'PUT', '/admin/members/member-restricted/restrictions', {
      facilities: ['F1'],
      divisions: ['D1'],
    });
    expect(restriction.status, await restriction.text()).toBe(200);
    auth.restricted = (await openTestSession(data, tokens, org, 'member-restricted')).authorization;
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('refuses a customer with an unknown or inactive facility or division, at create and at change', async () => {
    expect(
      await refused(await call('admin', 'POST', '/receivables/customers', customerBody({ facility: 'F9' }))),
    ).toEqual([{ field: 'facility', reason: 'no facility with the code F9' }]);
    expect(
      await refused(await call('admin', 'POST', '/receivables/customers', customerBody({ facility: 'OLD' }))),
    ).toEqual([{ field: 'facility', reason: 'the facility OLD is inactive' }]);
    expect(
      await refused(await call('admin', 'POST', '/receivables/customers', customerBody({ division: 'D9' }))),
    ).toEqual([{ field: 'division', reason: 'no division with the code D9' }]);
    const { id } = await created(
      await call('admin', 'POST', '/receivables/customers', customerBody({ facility: 'F1', division: 'D1' })),
    );
    expect(await refused(await call('admin', 'PATCH', `/receivables/customers/${id}`, { division: 'OLDD' }))).toEqual([
      { field: 'division', reason: 'the division OLDD is inactive' },
    ]);
    expect(await refused(await call('admin', 'PATCH', `/receivables/customers/${id}`, { facility: 'F9' }))).toEqual([
      { field: 'facility', reason: 'no facility with the code F9' },
    ]);
    const customer = (await (await call('admin', 'GET', `/receivables/customers/${id}`)).json()) as object;
    expect(customer).toMatchObject({ facility: 'F1', division: 'D1' });
  });

  it('refuses invoice and credit-note lines naming an unknown or inactive entry, and checks again at issue', async () => {
    const { id: customerId } = await created(await call('admin', 'POST', '/receivables/customers', customerBody()));
    const draft = (tags: Record<string, string>) =>
      call('admin', 'POST', '/receivables/invoices', invoiceBody(customerId, tags));
    expect(await refused(await draft({ facility: 'F9' }))).toEqual([
      { field: 'lines.0.facility', reason: 'no facility with the code F9' },
    ]);
    expect(await refused(await draft({ facility: 'F1', division: 'OLDD' }))).toEqual([
      { field: 'lines.0.division', reason: 'the division OLDD is inactive' },
    ]);
    const { id } = await created(await draft({ facility: 'F2' }));
    const edited = await call(
      'admin',
      'PUT',
      `/receivables/invoices/${id}`,
      invoiceBody(customerId, { facility: 'OLD' }),
    );
    expect(await refused(edited)).toEqual([{ field: 'lines.0.facility', reason: 'the facility OLD is inactive' }]);

    // Deactivated between draft and issue: the issue is refused and nothing is posted.
    await deactivate('facilities', 'F2');
    expect(await refused(await call('admin', 'POST', `/receivables/invoices/${id}/issue`))).toEqual([
      { field: 'lines.0.facility', reason: 'the facility F2 is inactive' },
    ]);
    const invoice = (await (await call('admin', 'GET', `/receivables/invoices/${id}`)).json()) as object;
    expect(invoice).toMatchObject({ status: 'draft', number: null, journalEntryId: null });

    // The customer's own facility is the invoice's (AR and tax lines carry it): checked the same way.
    const { id: tagged } = await created(
      await call('admin', 'POST', '/receivables/customers', customerBody({ facility: 'F3' })),
    );
    const { id: taggedDraft } = await created(
      await call('admin', 'POST', '/receivables/invoices', invoiceBody(tagged)),
    );
    await deactivate('facilities', 'F3');
    expect(await refused(await call('admin', 'POST', `/receivables/invoices/${taggedDraft}/issue`))).toEqual([
      { field: 'facility', reason: 'the facility F3 is inactive' },
      { field: 'lines.0.facility', reason: 'the facility F3 is inactive' },
    ]);
    expect(await refused(await call('admin', 'POST', '/receivables/invoices', invoiceBody(tagged)))).toEqual([
      { field: 'customer.facility', reason: 'the facility F3 is inactive' },
    ]);

    const note = (tags: Record<string, string>) =>
      call('admin', 'POST', '/receivables/credit-notes', {
        customerId,
        date: '2026-02-12',
        reason: 'Returned goods',
        lines: [line(tags)],
      });
    expect(await refused(await note({ division: 'D9' }))).toEqual([
      { field: 'lines.0.division', reason: 'no division with the code D9' },
    ]);
    expect((await created(await note({ facility: 'F4' }))).id).toMatch(/^credit-note-/);
  });

  it('a restricted member cannot use a facility outside their reach, for a customer or an invoice line', async () => {
    await refused(
      await call('restricted', 'POST', '/receivables/customers', customerBody({ facility: 'F4', division: 'D1' })),
      403,
    );
    const { id: customerId } = await created(
      await call('restricted', 'POST', '/receivables/customers', customerBody({ facility: 'F1', division: 'D1' })),
    );
    await refused(
      await call('restricted', 'POST', '/receivables/invoices', invoiceBody(customerId, { facility: 'F4' })),
      403,
    );
    const { id } = await created(
      await call('restricted', 'POST', '/receivables/invoices', invoiceBody(customerId, { facility: 'F1' })),
    );
    await refused(
      await call('restricted', 'PUT', `/receivables/invoices/${id}`, invoiceBody(customerId, { facility: 'F4' })),
      403,
    );
    await refused(await call('restricted', 'PATCH', `/receivables/customers/${customerId}`, { facility: 'F4' }), 403);
    const issued = await call('restricted', 'POST', `/receivables/invoices/${id}/issue`);
    expect(issued.status, await issued.text()).toBe(200);
  });
});
