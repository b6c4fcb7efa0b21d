import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { type RunningHost, startTestApp } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

interface Problem {
  errors?: Array<{ field: string; reason: string }>;
}

/**
 * Facilities and divisions as managed lists: the routes settings admins keep them with
 * ('settings-facilities-list', 'settings-facilities-create', 'settings-facilities-change',
 * 'settings-divisions-list', 'settings-divisions-create', 'settings-divisions-change',
 * 'settings-dimensions-migrate'), the check every ledger write runs against them, and the
 * migration of the free text organisations typed before.
 */
describe('facility and division lists over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const auth: Record<'admin' | 'restricted' | 'reader', string> = { admin: '', restricted: '', reader: '' };
  let cash = '';
  let revenue = '';

  const call = (who: keyof typeof auth, method: string, path: string, body?: unknown) =>
    fetch(`${host.url}/api${path}`, {
      method,
      headers: { authorization: auth[who], ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const refusal = async (response: Response, status: number) => {
    expect(response.status).toBe(status);
    return (await response.json()) as Problem;
  };
  const lines = (facility?: string, division?: string) => [
    {
      accountId: cash,
      side: 'debit',
      amount: '5.00',
      ...(facility ? { facility } : {}),
      ...(division ? { division } : {}),
    },
    { accountId: revenue, side: 'credit', amount: '5.00' },
  ];
  const draft = (facility?: string, division?: string) =>
    call('admin', 'POST', '/ledger/journal-entries', {
      date: '2026-02-10',
      memo: 'tagged',
      currency: 'USD',
      lines: lines(facility, division),
    });

  beforeAll(async () => {
    host = await startTestApp(secrets);
    data = host.containers.tenantData;
    const system = new TenantRepository(data, { tenantId: org, actor: { id: 'system:test', kind: 'system' } });
    await system.create('organization', org, {
      slug: `dims-${org.slice(4)}`,
      name: 'Dimensions',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
    });
    const everything = {
      ledger: 'admin',
      'journal-entries': 'admin',
      settings: 'admin',
      members: 'admin',
      audit: 'admin',
    } as const;
    await addTestMember(data, org, 'member-admin', everything);
    await addTestMember(data, org, 'member-restricted', everything);
    await addTestMember(data, org, 'member-reader', { ledger: 'read' });
    auth.admin = (await openTestSession(data, tokens, org, 'member-admin')).authorization;
    auth.reader = (await openTestSession(data, tokens, org, 'member-reader')).authorization;
    for (const [code, type] of [
      ['1000', 'asset'],
      ['4000', 'revenue'],
    ] as const) {
      const created = await call('admin', 'POST', '/ledger/accounts', { code, name: code, type });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      if (code === '1000') cash = id;
      else revenue = id;
    }
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('an admin creates, renames and deactivates entries; each change is audited with old and new values', async () => {
    const created = await call('admin', 'POST', '/settings/facilities', { code: 'plant-1', name: 'Plant one' });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ code: 'plant-1', name: 'Plant one', active: true });
    await refusal(await call('admin', 'POST', '/settings/facilities', { code: 'plant-1', name: 'Again' }), 409);
    expect((await call('admin', 'POST', '/settings/divisions', { code: 'retail', name: 'Retail' })).status).toBe(201);

    const renamed = await call('admin', 'PATCH', '/settings/facilities/plant-1', { name: 'Plant One (Leeds)' });
    expect(await renamed.json()).toEqual({ code: 'plant-1', name: 'Plant One (Leeds)', active: true });
    expect((await call('admin', 'POST', '/settings/facilities', { code: 'old-yard', name: 'Old yard' })).status).toBe(
      201,
    );
    expect((await call('admin', 'PATCH', '/settings/facilities/old-yard', { active: false })).status).toBe(200);
    await refusal(await call('admin', 'PATCH', '/settings/facilities/nowhere', { active: false }), 404);
    await refusal(await call('admin', 'PATCH', '/settings/facilities/plant-1', { code: 'plant-2' }), 400);

    const listed = await (await call('reader', 'GET', '/settings/facilities')).json();
    expect(listed).toEqual({ items: [{ code: 'plant-1', name: 'Plant One (Leeds)', active: true }] });
    const all = (await (await call('reader', 'GET', '/settings/facilities?includeInactive=true')).json()) as {
      items: Array<{ code: string }>;
    };
    expect(all.items.map((i) => i.code)).toEqual(['old-yard', 'plant-1']);
    await refusal(await call('reader', 'POST', '/settings/facilities', { code: 'x', name: 'x' }), 403);

    const audit = (await (await call('admin', 'GET', '/admin/audit?pageSize=100')).json()) as {
      items: Array<{ action: string; target: { id: string }; details: Record<string, string> }>;
    };
    const renaming = audit.items.find((r) => r.action === 'settings.facility-changed' && r.target.id === 'plant-1');
    expect(JSON.parse(renaming!.details.from!)).toMatchObject({ name: 'Plant one' });
    expect(JSON.parse(renaming!.details.to!)).toMatchObject({ name: 'Plant One (Leeds)' });
    expect(audit.items.map((r) => r.action)).toContain('settings.division-created');
  });

  it('a line naming an unknown or inactive facility or division is refused with the field; an active one is taken', async () => {
    const unknown = await refusal(await draft('plant-9', 'retail'), 400);
    expect(unknown.errors).toEqual([{ field: 'lines.0.facility', reason: 'no facility with the code plant-9' }]);
    const inactive = await refusal(await draft('old-yard'), 400);
    expect(inactive.errors).toEqual([{ field: 'lines.0.facility', reason: 'the facility old-yard is inactive' }]);
    const unknownDivision = await refusal(await draft('plant-1', 'wholesale'), 400);
    expect(unknownDivision.errors).toEqual([
      { field: 'lines.0.division', reason: 'no division with the code wholesale' },
    ]);
    expect((await draft('plant-1', 'retail')).status).toBe(201);

    const createAndPost = await call('admin', 'POST', '/ledger/journal-entries/create-and-post', {
      date: '2026-02-10',
      memo: 'x',
      currency: 'USD',
      lines: lines('plant-9'),
    });
    expect((await refusal(createAndPost, 400)).errors?.[0]?.field).toBe('lines.0.facility');
  });

  it('a code of 100 characters in any script is kept, used on a line and changed through its URL', async () => {
    const code = '設備'.repeat(50);
    expect((await call('admin', 'POST', '/settings/facilities', { code, name: 'Long name' })).status).toBe(201);
    await refusal(await call('admin', 'POST', '/settings/facilities', { code, name: 'Again' }), 409);
    expect((await draft(code, 'retail')).status).toBe(201);
    const path = `/settings/facilities/${encodeURIComponent(code)}`;
    expect(await (await call('admin', 'PATCH', path, { name: 'Renamed' })).json()).toEqual({
      code,
      name: 'Renamed',
      active: true,
    });
  });

  it('accounts, member restrictions and import rows are checked against the lists too', async () => {
    const account = await call('admin', 'POST', '/ledger/accounts', {
      code: '1500',
      name: 'Yard',
      type: 'asset',
      facility: 'old-yard',
    });
    expect((await refusal(account, 400)).errors).toEqual([
      { field: 'facility', reason: 'the facility old-yard is inactive' },
    ]);
    const moved = await call('admin', 'PATCH', `/ledger/accounts/${cash}`, { division: 'nowhere' });
    expect((await refusal(moved, 400)).errors).toEqual([
      { field: 'division', reason: 'no division with the code nowhere' },
    ]);

    const restriction = await call('admin', 'PUT', '/admin/members/member-restricted/restrictions', {
      facilities: ['plant-1', 'old-yard'],
      divisions: ['gone'],
    });
    expect((await refusal(restriction, 400)).errors).toEqual([
      { field: 'facilities.1', reason: 'the facility old-yard is inactive' },
      { field: 'divisions.0', reason: 'no division with the code gone' },
    ]);

    const csv = [
      'entry,date,memo,reference,account,side,amount,facility,division,line_memo',
      'A,2026-02-11,Fine,,1000,debit,1.00,plant-1,retail,',
      'A,2026-02-11,Fine,,4000,credit,1.00,,,',
      'B,2026-02-12,Unknown,,1000,debit,1.00,plant-7,,',
      'B,2026-02-12,Unknown,,4000,credit,1.00,,,',
    ].join('\n');
    const imported = await fetch(`${host.url}/api/ledger/journal-entries/import`, {
      method: 'POST',
      headers: { authorization: auth.admin, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ csv }),
    });
    expect((await refusal(imported, 400)).errors).toEqual([
      { field: 'rows.4.facility', reason: 'no facility with the code plant-7' },
    ]);
  });

  it('a draft whose facility was deactivated since is not posted; its reversal of history still is', async () => {
    expect((await call('admin', 'POST', '/settings/facilities', { code: 'pop-up', name: 'Pop-up' })).status).toBe(201);
    const kept = (await (await draft('pop-up')).json()) as { id: string };
    const posted = (await (await draft('pop-up')).json()) as { id: string };
    expect((await call('admin', 'POST', `/ledger/journal-entries/${posted.id}/post`)).status).toBe(200);
    expect((await call('admin', 'PATCH', '/settings/facilities/pop-up', { active: false })).status).toBe(200);

    const refused = await refusal(await call('admin', 'POST', `/ledger/journal-entries/${kept.id}/post`), 400);
    expect(refused.errors).toEqual([{ field: 'lines.0.facility', reason: 'the facility pop-up is inactive' }]);
    const reversal = await call('admin', 'POST', `/ledger/journal-entries/${posted.id}/reverse`, {
      date: '2026-02-20',
    });
    expect(reversal.status).toBe(201);
  });

  it('a restricted member sees only their entries of the lists and cannot change the lists', async () => {
    const restricted = await call('admin', 'PUT', '/admin/members/member-restricted/restrictions', {
      facilities: ['plant-1'],
    });
    expect(restricted.status).toBe(200);
    auth.restricted = (await openTestSession(data, tokens, org, 'member-restricted')).authorization;
    expect((await call('admin', 'POST', '/settings/facilities', { code: 'plant-2', name: 'Plant two' })).status).toBe(
      201,
    );
    const seen = (await (await call('restricted', 'GET', '/settings/facilities')).json()) as {
      items: Array<{ code: string }>;
    };
    expect(seen.items.map((i) => i.code)).toEqual(['plant-1']);
    const divisions = (await (await call('restricted', 'GET', '/settings/divisions')).json()) as {
      items: Array<{ code: string }>;
    };
    expect(divisions.items.map((i) => i.code)).toEqual(['retail']);
    await refusal(await call('restricted', 'POST', '/settings/facilities', { code: 'plant-3', name: 'x' }), 403);
    await refusal(await call('restricted', 'PATCH', '/settings/facilities/plant-1', { name: 'Mine' }), 403);
    await refusal(await call('restricted', 'POST', '/settings/dimensions/migration'), 403);
  });

  it('the migration turns free text on accounts, lines and restrictions into list entries, once', async () => {
    // What the app wrote before the lists: free text, no entries behind it.
    const legacy = `org-${randomUUID().slice(0, 8)}`;
    const system = new TenantRepository(data, { tenantId: legacy, actor: { id: 'system:test', kind: 'system' } });
    await system.create('organization', legacy, {
      slug: `legacy-${legacy.slice(4)}`,
      name: 'Legacy',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
    });
    await system.create('account', 'account-legacy-cash', {
      code: '1000',
      name: 'Cash',
      accountType: 'asset',
      normalBalance: 'debit',
      parentId: null,
      facility: 'North yard',
      division: null,
      active: true,
      deleted: false,
    });
    await system.create('account', 'account-legacy-sales', {
      code: '4000',
      name: 'Sales',
      accountType: 'revenue',
      normalBalance: 'credit',
      parentId: null,
      facility: null,
      division: null,
      active: true,
      deleted: false,
    });
    await system.create('journal-entry', 'je-legacy-1', {
      status: 'posted',
      number: 1,
      date: '2026-01-05',
      lines: [
        { accountId: 'account-legacy-cash', side: 'debit', amountMinor: '100', facility: 'a|b', division: 'Retail' },
        { accountId: 'account-legacy-sales', side: 'credit', amountMinor: '100', facility: null, division: null },
      ],
    });
    await addTestMember(data, legacy, 'member-boss', {
      ledger: 'admin',
      'journal-entries': 'admin',
      settings: 'admin',
      members: 'admin',
    });
    await addTestMember(data, legacy, 'member-clerk', { ledger: 'read' });
    await system.update<Record<string, unknown>>('member', 'member-clerk', (m) => ({
      ...m,
      restrictions: { divisions: ['Wholesale'] },
    }));
    const boss = (await openTestSession(data, tokens, legacy, 'member-boss')).authorization;
    const as = (method: string, path: string, body?: unknown) =>
      fetch(`${host.url}/api${path}`, {
        method,
        headers: { authorization: boss, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const tagged = {
      date: '2026-01-20',
      memo: 'after',
      currency: 'USD',
      lines: [
        { accountId: 'account-legacy-cash', side: 'debit', amount: '1.00', facility: 'a|b', division: 'Wholesale' },
        { accountId: 'account-legacy-sales', side: 'credit', amount: '1.00' },
      ],
    };
    expect((await as('POST', '/ledger/journal-entries', tagged)).status).toBe(400);

    const first = await as('POST', '/settings/dimensions/migration');
    expect(first.status).toBe(200);
    const documentsRead = {
      account: 2,
      'journal-entry': 1,
      member: 2,
      vendor: 0,
      bill: 0,
      customer: 0,
      invoice: 0,
      receipt: 0,
      'credit-note': 0,
      'receivable-application': 0,
    };
    expect(await first.json()).toEqual({
      created: { facilities: ['North yard', 'a|b'], divisions: ['Retail', 'Wholesale'] },
      documentsRead,
    });
    const again = await as('POST', '/settings/dimensions/migration');
    expect(await again.json()).toEqual({ created: { facilities: [], divisions: [] }, documentsRead });
    expect(await (await as('GET', '/settings/facilities')).json()).toEqual({
      items: [
        { code: 'North yard', name: 'North yard', active: true },
        { code: 'a|b', name: 'a|b', active: true },
      ],
    });
    expect((await as('POST', '/ledger/journal-entries', tagged)).status).toBe(201);
    expect(
      (await as('PATCH', `/settings/facilities/${encodeURIComponent('a|b')}`, { name: 'Yards A and B' })).status,
    ).toBe(200);
  });
});
