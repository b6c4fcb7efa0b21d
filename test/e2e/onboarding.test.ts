import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformAdministrationTenant } from '../../shared/platform/auth/principal';
import { signInWithoutBrowser, type SignInQuery } from '../harness/browserless-sign-in';
import type { RunningHost } from '../harness/local-host';
import { registerTestOperator } from '../harness/members';
import { signInForToken, spa, startSignInApp, type SignInApp } from '../harness/sign-in-app';

const platformStaff = '0a0b0c0d-0000-4000-8000-0000000057af';
const newco = '7e57c0de-0000-4000-8000-0000000c0de1';
const failed = `${spa}/sign-in?error=sign_in_failed`;

/**
 * An organisation from nothing, on an empty database: a platform operator takes it on, its first
 * admin signs in through the redirect flow (Entra, through the local provider), sets the books,
 * loads a chart, creates a facility and a division, restricts a member to them and posts an
 * entry. Then the platform suspends it (its members are refused at once) and reactivates it.
 * Also the settings routes' rules ('settings-organization', 'settings-organization-change',
 * 'ledger-accounts-load-template') for restricted members and after the first posting.
 */
describe('onboarding an organisation from an empty database', () => {
  let app: SignInApp;
  let host: RunningHost;
  let data: Container;
  let platform: Container;
  const tokens: Record<'olga' | 'fran' | 'gil', string> = { olga: '', fran: '', gil: '' };
  let tenantId = '';

  beforeAll(async () => {
    app = await startSignInApp({
      provider: 'entra',
      operatorTenantIds: platformStaff,
      users: [
        { email: 'olga@ledgerline.example', name: 'Olga', entra: { tid: platformStaff, oid: 'oid-olga' }, mfa: true },
        { email: 'otto@ledgerline.example', name: 'Otto', entra: { tid: platformStaff, oid: 'oid-otto' }, mfa: true },
        { email: 'fran@newco.example', name: 'Fran', entra: { tid: newco, oid: 'oid-fran' } },
        { email: 'gil@newco.example', name: 'Gil', entra: { tid: newco, oid: 'oid-gil' } },
      ],
    });
    host = app.host;
    data = host.containers.tenantData;
    platform = host.containers.platform;
    // The operator registry is the platform's staff list, kept by the platform's own people.
    await registerTestOperator(platform, 'olga@ledgerline.example', { administration: true });
    await registerTestOperator(platform, 'otto@ledgerline.example');
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  const options = () => ({ ca: app.certificate!.certificate });
  const signIn = (query: SignInQuery) => signInWithoutBrowser(host.url, query, options());
  const accessToken = (query: SignInQuery) => signInForToken(host, query, options());
  const call = (who: keyof typeof tokens, method: string, path: string, body?: unknown) =>
    fetch(`${host.url}/api${path}`, {
      method,
      headers: { authorization: tokens[who], ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  async function ok<T>(response: Promise<Response>, status = 200): Promise<T> {
    const answered = await response;
    const text = await answered.text();
    expect(answered.status, text).toBe(status);
    return JSON.parse(text) as T;
  }
  async function auditActions(partition: string): Promise<string[]> {
    const { resources } = await data.items
      .query<string>({
        query: "SELECT VALUE c.action FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' ORDER BY c.sequence",
        parameters: [{ name: '@t', value: partition }],
      })
      .fetchAll();
    return resources;
  }

  it('an operator signed in for platform administration creates the organisation; others cannot', async () => {
    // Otto may look into organisations, but holds no platform-administration permission.
    expect(
      (await signIn({ provider: 'entra', administration: 'true', login_hint: 'otto@ledgerline.example' })).landedAt,
    ).toBe(failed);
    tokens.olga = await accessToken({
      provider: 'entra',
      administration: 'true',
      login_hint: 'olga@ledgerline.example',
    });
    expect(await ok(call('olga', 'GET', '/platform/organizations'))).toEqual({ items: [] });

    const created = await ok<{ id: string; status: string }>(
      call('olga', 'POST', '/platform/organizations', {
        slug: 'newco',
        legalName: 'Newco Trading Ltd',
        baseCurrency: 'GBP',
        fiscalYearStartMonth: 1,
        booksStartMonth: '2026-01',
        signIn: { entraTenantIds: [newco] },
        firstAdminEmail: 'Fran@newco.example',
        firstAdminName: 'Fran Founder',
      }),
      201,
    );
    tenantId = created.id;
    expect(created).toMatchObject({ id: 'org-newco', status: 'active' });
    expect(
      (await call('olga', 'POST', '/platform/organizations', { ...sampleOrganization(), slug: 'newco' })).status,
    ).toBe(409);
    // A platform-administration session opens platform administration, and nothing inside an organisation.
    expect((await call('olga', 'GET', '/ledger/accounts')).status).toBe(403);
    // The close schedule has it: its months close by themselves.
    const { resources: schedule } = await data.items
      .query({ query: "SELECT * FROM c WHERE c.type = 'close-schedule' AND c.organization = 'org-newco'" })
      .fetchAll();
    expect(schedule).toHaveLength(1);
    // The platform's own log: Otto's refusal, Olga's session, the organisation, her refused look inside it.
    expect(await auditActions(platformAdministrationTenant)).toEqual([
      'auth.sign-in-failed',
      'operator.administration-started',
      'organization.created',
      'access.refused',
    ]);
    expect(await auditActions(tenantId)).toEqual(['organization.created']);
  });

  it('the first admin signs in through the redirect flow, sets the books, loads a chart, restricts a member and posts', async () => {
    tokens.fran = await accessToken({ provider: 'entra', organization: 'newco', login_hint: 'fran@newco.example' });
    expect(await ok(call('fran', 'GET', '/ledger/accounts'))).toEqual({ items: [] });
    // An organisation admin is no operator.
    expect((await call('fran', 'GET', '/platform/organizations')).status).toBe(403);

    const books = await ok(
      call('fran', 'PATCH', '/settings/organization', {
        name: 'Newco Trading',
        baseCurrency: 'EUR',
        fiscalYearStartMonth: 4,
        booksStartMonth: '2026-04',
        closeOnDay: 5,
      }),
    );
    expect(books).toMatchObject({ name: 'Newco Trading', baseCurrency: 'EUR', closeOnDay: 5, booksSettable: true });

    const templates = await ok<{ items: Array<{ id: string }> }>(call('fran', 'GET', '/settings/chart-templates'));
    expect(templates.items.map((t) => t.id)).toEqual(['services', 'retail', 'manufacturing']);
    const chart = await ok<{ items: Array<{ id: string; code: string }> }>(
      call('fran', 'POST', '/ledger/accounts/from-template', { template: 'retail' }),
      201,
    );
    expect(chart.items.map((a) => a.code)).toContain('1200');
    expect((await call('fran', 'POST', '/ledger/accounts/from-template', { template: 'retail' })).status).toBe(409);
    const account = (code: string) => chart.items.find((a) => a.code === code)!.id;

    await ok(call('fran', 'POST', '/settings/facilities', { code: 'shop-1', name: 'High Street shop' }), 201);
    await ok(call('fran', 'POST', '/settings/divisions', { code: 'retail', name: 'Retail' }), 201);
    const gil = await ok<{ id: string }>(
      call('fran', 'POST', '/admin/members', {
        email: 'gil@newco.example',
        displayName: 'Gil',
        permissions: { ledger: 'edit', 'journal-entries': 'edit', settings: 'admin' },
      }),
      201,
    );
    await ok(
      call('fran', 'PUT', `/admin/members/${gil.id}/restrictions`, { facilities: ['shop-1'], divisions: ['retail'] }),
    );

    const posted = await ok<{ number: number; status: string }>(
      call('fran', 'POST', '/ledger/journal-entries/create-and-post', {
        date: '2026-04-02',
        memo: 'First sale',
        currency: 'EUR',
        lines: [
          { accountId: account('1000'), side: 'debit', amount: '120.00', facility: 'shop-1', division: 'retail' },
          { accountId: account('4000'), side: 'credit', amount: '120.00', facility: 'shop-1', division: 'retail' },
        ],
      }),
      201,
    );
    expect(posted).toMatchObject({ number: 1, status: 'posted' });

    // The restricted member signs in and sees the entry in reach; the organisation's settings are not theirs to change.
    tokens.gil = await accessToken({ provider: 'entra', organization: 'newco', login_hint: 'gil@newco.example' });
    const tb = await ok<{ totals: { debit: string } }>(
      call('gil', 'GET', '/ledger/reports/trial-balance?asOf=2026-04-30'),
    );
    expect(tb.totals.debit).toBe('120.00');
    expect((await call('gil', 'PATCH', '/settings/organization', { name: 'Mine' })).status).toBe(403);
    expect((await call('gil', 'POST', '/ledger/accounts/from-template', { template: 'services' })).status).toBe(403);
  });

  it('once anything is posted, the books settings are fixed (with the reason); the rest still changes, audited', async () => {
    const refused = await call('fran', 'PATCH', '/settings/organization', { baseCurrency: 'USD' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/already posted.*baseCurrency/);
    const settings = await ok(call('fran', 'PATCH', '/settings/organization', { closeOnDay: 12 }));
    expect(settings).toMatchObject({ closeOnDay: 12, booksSettable: false, baseCurrency: 'EUR' });
    expect(await ok(call('fran', 'GET', '/settings/organization'))).toMatchObject({ closeOnDay: 12, slug: 'newco' });
    const { resources: changes } = await data.items
      .query<{ details: { from: string; to: string } }>({
        query:
          "SELECT * FROM c WHERE c.tenantId = 'org-newco' AND c.type = 'audit-record' AND c.action = 'organization.settings-changed' ORDER BY c.sequence",
      })
      .fetchAll();
    const parse = (text: string): unknown => JSON.parse(text);
    expect(changes.map((c) => [parse(c.details.from), parse(c.details.to)])).toEqual([
      [
        {
          name: 'Newco Trading Ltd',
          baseCurrency: 'GBP',
          fiscalYearStartMonth: 1,
          booksStartMonth: '2026-01',
          closeOnDay: null,
        },
        {
          name: 'Newco Trading',
          baseCurrency: 'EUR',
          fiscalYearStartMonth: 4,
          booksStartMonth: '2026-04',
          closeOnDay: 5,
        },
      ],
      [{ closeOnDay: 5 }, { closeOnDay: 12 }],
    ]);
  });

  it("a suspended organisation's members are refused at once and cannot sign in, until it is reactivated", async () => {
    expect((await call('fran', 'GET', '/ledger/accounts')).status).toBe(200);
    const suspended = await ok(
      call('olga', 'POST', `/platform/organizations/${tenantId}/suspend`, { reason: 'Unpaid invoices since August' }),
    );
    expect(suspended).toMatchObject({ status: 'suspended' });
    expect((await call('fran', 'GET', '/ledger/accounts')).status).toBe(401);
    expect((await call('gil', 'GET', '/ledger/accounts')).status).toBe(401);
    expect(
      (await signIn({ provider: 'entra', organization: 'newco', login_hint: 'fran@newco.example' })).landedAt,
    ).toBe(failed);
    expect(await ok(call('olga', 'GET', '/platform/organizations'))).toMatchObject({
      items: [{ id: 'org-newco', status: 'suspended' }],
    });

    await ok(call('olga', 'POST', `/platform/organizations/${tenantId}/reactivate`));
    // The sessions ended with the suspension stay ended; signing in again works.
    expect((await call('fran', 'GET', '/ledger/accounts')).status).toBe(401);
    tokens.fran = await accessToken({ provider: 'entra', organization: 'newco', login_hint: 'fran@newco.example' });
    expect((await call('fran', 'GET', '/ledger/accounts')).status).toBe(200);
    expect((await auditActions(platformAdministrationTenant)).slice(-2)).toEqual([
      'organization.suspended',
      'organization.reactivated',
    ]);
    expect(await auditActions(tenantId)).toEqual(
      expect.arrayContaining(['organization.suspended', 'auth.sign-in-failed', 'organization.reactivated']),
    );
  });
});

function sampleOrganization() {
  return {
    slug: 'other',
    legalName: 'Other Ltd',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
    signIn: { googleDomains: ['other.example'] },
    firstAdminEmail: 'admin@other.example',
  };
}
