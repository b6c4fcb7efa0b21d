import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '../../shared/identity/member';
import { resources } from '../../shared/platform/auth/principal';
import { securitySignalEvent } from '../../shared/security-signals/raise-signal';
import { defaultThresholds } from '../../shared/security-signals/thresholds';
import { addDimensions } from '../harness/dimensions';
import type { RunningHost } from '../harness/local-host';
import { auditRecordsOf } from '../harness/audit-records';
import { seedSignInOrganisation, signInForToken, startSignInApp, type SignInApp } from '../harness/sign-in-app';
import { openTestSession } from '../harness/members';
import { startTelemetryStandIns, type TelemetryStandIns } from '../harness/telemetry-stand-ins';
import type { IngestionStandIn } from '../stand-ins/azure-monitor/server';
import { testSecrets } from '../harness/test-secrets';

/**
 * Fraud signals through the real host: each fires on a scripted sequence (once per burst, with
 * an audit record and an Application Insights event), and a normal working session fires none.
 * Thresholds are the defaults unless a test changes them through the admin route.
 */
const { secrets, tokens } = testSecrets();
const everything = Object.fromEntries(resources.map((r) => [r, 'admin'])) as Member['permissions'];
const accountant: Member['permissions'] = { ledger: 'edit', 'journal-entries': 'edit' };

interface Signal {
  id: string;
  kind: string;
  memberId: string;
  summary: string;
  details: Record<string, string | number>;
}

describe('security signals', () => {
  let host: RunningHost;
  let app: SignInApp;
  let ingestion: IngestionStandIn;
  let standIns: TelemetryStandIns;
  let data: Container;

  /** An organisation members sign in to with Google, its members and a small chart of accounts. */
  async function organisation(domain: string, members: Record<string, Member['permissions']>) {
    const tenantId = `org-${randomUUID().slice(0, 8)}`;
    const slug = `sig-${randomUUID().slice(0, 8)}`;
    await seedSignInOrganisation(host.containers, {
      tenantId,
      slug,
      name: domain,
      booksStartMonth: '2026-01',
      signIn: { google: { domains: [domain] } },
      members: Object.entries(members).map(([name, permissions]) => ({
        id: `member-${name}`,
        email: `${name}@${domain}`,
        displayName: name,
        permissions,
      })),
    });
    const bearer = async (name: string) =>
      (await openTestSession(data, tokens, tenantId, `member-${name}`)).authorization;
    const admin = await bearer(Object.keys(members)[0]!);
    const accounts: Record<string, string> = {};
    for (const [code, type] of [
      ['1000', 'asset'],
      ['4000', 'revenue'],
      ['6100', 'expense'],
    ] as const) {
      const created = await call(admin, 'POST', '/ledger/accounts', { code, name: `Account ${code}`, type });
      accounts[code] = ((await created.json()) as { id: string }).id;
    }
    /** Signs in through the redirect flow from `address` and returns an access token. */
    const signIn = (name: string, address: string) =>
      signInForToken(
        host,
        { provider: 'google', organization: slug, login_hint: `${name}@${domain}` },
        { localAddress: address },
      );
    const signals = async (kind?: string): Promise<Signal[]> => {
      const listed = await call(admin, 'GET', `/admin/security-signals${kind ? `?kind=${kind}` : ''}`);
      expect(listed.status).toBe(200);
      return ((await listed.json()) as { items: Signal[] }).items;
    };
    const audit = (action: string) =>
      auditRecordsOf<{ actor: { id: string }; target: { id: string }; details: Record<string, string> }>(
        data,
        tenantId,
        action,
      );
    const sale = (amount: string) => ({
      date: '2026-11-20',
      memo: 'Cash sale',
      currency: 'USD',
      lines: [
        { accountId: accounts['1000'], side: 'debit', amount },
        { accountId: accounts['4000'], side: 'credit', amount },
      ],
    });
    /** Waits until the outlier review has read the first `count` posted entries (it runs off the request). */
    const reviewed = async (count: number) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { resource } = await data.item('posting-statistics', tenantId).read<{ reviewedThrough: number }>();
        if ((resource?.reviewedThrough ?? 0) >= count) return;
        if (Date.now() > deadline)
          throw new Error(`postings reviewed through ${resource?.reviewedThrough}, not ${count}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    return { tenantId, admin, bearer, signIn, signals, audit, sale, accounts, reviewed };
  }

  const call = (authorization: string, method: string, path: string, body?: unknown) =>
    fetch(`${host.url}/api${path}`, {
      method,
      headers: { authorization, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const ok = async (response: Promise<Response>, status = 200) => {
    const answered = await response;
    expect(answered.status, await answered.clone().text()).toBe(status);
    return answered;
  };

  beforeAll(async () => {
    standIns = await startTelemetryStandIns();
    ingestion = standIns.ingestion;
    app = await startSignInApp({
      provider: 'google',
      users: ['ann', 'ben', 'cat', 'dora', 'eve', 'fay'].map((name) => ({
        email: `${name}@${['dora', 'eve', 'fay'].includes(name) ? 'calm.example' : 'busy.example'}`,
        name,
        google: { hd: ['dora', 'eve', 'fay'].includes(name) ? 'calm.example' : 'busy.example' },
      })),
      env: {
        ...secrets,
        ...standIns.env,
        RATE_LIMIT_GLOBAL_PER_MINUTE: '10000',
      },
    });
    host = app.host;
    data = host.containers.tenantData;
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await standIns?.stop();
  });

  it('a normal working session raises none', { timeout: 120_000 }, async () => {
    const calm = await organisation('calm.example', { dora: everything, eve: accountant, fay: accountant });
    // Monday morning: both sign in from the office, as they did last week.
    await calm.signIn('dora', '127.0.0.31');
    await calm.signIn('eve', '127.0.0.32');
    const dora = await calm.signIn('dora', '127.0.0.31');
    const eve = await calm.signIn('eve', '127.0.0.32');

    const posted: string[] = [];
    for (let i = 1; i <= 12; i += 1) {
      const draft = await ok(call(eve, 'POST', '/ledger/journal-entries', calm.sale(`${100 + i * 7}.50`)), 201);
      const { id } = (await draft.json()) as { id: string };
      await ok(call(eve, 'POST', `/ledger/journal-entries/${id}/post`));
      posted.push(id);
    }
    await ok(call(eve, 'POST', `/ledger/journal-entries/${posted[3]}/reverse`, { date: '2026-11-21' }), 201);
    for (const report of ['trial-balance?asOf=2026-11-30', 'balance-sheet?asOf=2026-11-30'])
      for (const format of ['json', 'csv', 'csv'])
        await ok(call(eve, 'GET', `/ledger/reports/${report}&format=${format}`));
    await ok(call(eve, 'GET', '/ledger/reports/income-statement?from=2026-11-01&to=2026-11-30&format=csv'));
    // Ids typed by hand, and mistyped.
    for (const typo of ['je-2026-0001', 'je-12', 'je-4b1f'])
      expect((await call(eve, 'GET', `/ledger/journal-entries/${typo}`)).status).toBe(404);
    expect((await call(eve, 'GET', `/ledger/accounts/account-cash`)).status).toBe(404);
    // The admin's part: one permission change and a look at the audit log, from the usual address.
    await ok(call(dora, 'PUT', '/admin/members/member-fay/permissions', { permissions: { ledger: 'read' } }));
    await ok(call(dora, 'GET', '/admin/audit?format=csv'));
    await ok(call(dora, 'GET', '/admin/security-signals/settings'));

    // Twelve postings and a reversal, reviewed for outliers like any others.
    await calm.reviewed(13);
    expect(await calm.signals()).toEqual([]);
    expect(await calm.audit('security.signal-raised')).toEqual([]);
  });

  describe('in an organisation under attack', () => {
    let busy: Awaited<ReturnType<typeof organisation>>;
    beforeAll(async () => {
      busy = await organisation('busy.example', { ann: everything, ben: everything, cat: accountant });
      await addDimensions(`${host.url}/api`, await busy.bearer('ben'), { facilities: ['F1'] });
    });

    it('many exports by one member in a short window: one signal per burst', { timeout: 60_000 }, async () => {
      const cat = await busy.bearer('cat');
      const limit = defaultThresholds.rapidActions.limits.export;
      for (let i = 0; i < limit; i += 1)
        await ok(call(cat, 'GET', '/ledger/reports/trial-balance?asOf=2026-11-30&format=csv'));
      // JSON answers are reading, not exporting; the limit itself is allowed.
      await ok(call(cat, 'GET', '/ledger/reports/trial-balance?asOf=2026-11-30'));
      expect(await busy.signals('rapid-actions')).toEqual([]);
      for (let i = 0; i < 5; i += 1)
        await ok(call(cat, 'GET', '/ledger/reports/trial-balance?asOf=2026-11-30&format=csv'));

      const [signal, ...more] = await busy.signals('rapid-actions');
      expect(more).toEqual([]);
      expect(signal).toMatchObject({ memberId: 'member-cat', details: { action: 'export', limit } });
      expect(await busy.audit('security.signal-raised')).toMatchObject([
        { target: { id: 'member-cat' }, details: { kind: 'rapid-actions', signal: signal!.id } },
      ]);
    });

    it('admins set the thresholds (audited with old and new values); permission changes over the limit fire', async () => {
      const ann = await busy.bearer('ann');
      const ben = await busy.bearer('ben');
      const lowered = structuredClone(defaultThresholds);
      lowered.rapidActions.limits['member-change'] = 3;
      await ok(call(ann, 'PUT', '/admin/security-signals/settings', lowered));
      expect(await (await ok(call(ben, 'GET', '/admin/security-signals/settings'))).json()).toEqual(lowered);
      expect(await busy.audit('security.signal-thresholds-changed')).toMatchObject([
        {
          actor: { id: 'member-ann' },
          details: {
            from: JSON.stringify({ 'rapidActions.limits.member-change': 15 }),
            to: JSON.stringify({ 'rapidActions.limits.member-change': 3 }),
          },
        },
      ]);
      // Not an admin of settings: refused.
      const cat = await busy.bearer('cat');
      expect((await call(cat, 'PUT', '/admin/security-signals/settings', defaultThresholds)).status).toBe(403);

      for (const level of ['read', 'edit', 'read']) {
        await ok(call(ben, 'PUT', '/admin/members/member-cat/permissions', { permissions: { ledger: level } }));
      }
      expect(await busy.signals('rapid-actions')).not.toContainEqual(
        expect.objectContaining({ memberId: 'member-ben' }),
      );
      await ok(call(ben, 'PUT', '/admin/members/member-cat/permissions', { permissions: accountant }));
      expect(await busy.signals('rapid-actions')).toContainEqual(
        expect.objectContaining({
          memberId: 'member-ben',
          details: expect.objectContaining({ action: 'member-change', limit: 3 }),
        }),
      );
    });

    it('repeated "no such record" for well-formed ids, another organisation’s among them', async () => {
      const cat = await busy.bearer('cat');
      const other = await organisation('other.example', { zed: everything });
      const theirs = (await (
        await ok(call(other.admin, 'POST', '/ledger/journal-entries', other.sale('10.00')), 201)
      ).json()) as { id: string };
      // Malformed ids never reach a lookup: refused by the id schema, and not counted.
      for (let i = 0; i < 30; i += 1)
        expect((await call(cat, 'GET', `/ledger/journal-entries/entry-${i}`)).status).toBe(400);
      expect(await busy.signals('not-found-probing')).toEqual([]);

      const limit = defaultThresholds.notFoundProbing.limit;
      expect((await call(cat, 'GET', `/ledger/journal-entries/${theirs.id}`)).status).toBe(404);
      for (let i = 1; i < limit; i += 1)
        expect((await call(cat, 'GET', `/ledger/journal-entries/je-${randomUUID()}`)).status).toBe(404);
      expect(await busy.signals('not-found-probing')).toEqual([]);
      for (let i = 0; i < 3; i += 1)
        expect((await call(cat, 'GET', `/ledger/accounts/account-${randomUUID()}`)).status).toBe(404);
      expect(await busy.signals('not-found-probing')).toMatchObject([{ memberId: 'member-cat', details: { limit } }]);
      expect(await other.signals()).toEqual([]);
    });

    it('a sensitive change soon after a sign-in from an address not seen before', async () => {
      await busy.signIn('ann', '127.0.0.41');
      const known = await busy.signIn('ann', '127.0.0.41');
      await ok(call(known, 'PUT', '/admin/security/contact', { email: 'soc@busy.example' }));
      expect(await busy.signals('new-address-sensitive-change')).toEqual([]);

      const stranger = await busy.signIn('ann', '127.0.0.42');
      // Reading is not a change.
      await ok(call(stranger, 'GET', '/admin/members'));
      expect(await busy.signals('new-address-sensitive-change')).toEqual([]);
      await ok(call(stranger, 'PUT', '/admin/security/contact', { email: 'attacker@busy.example' }));
      await ok(call(stranger, 'PUT', '/admin/members/member-cat/restrictions', { facilities: ['F1'] }));
      expect(await busy.signals('new-address-sensitive-change')).toMatchObject([
        { memberId: 'member-ann', details: { signInIp: '127.0.0.42', route: 'admin-security-contact' } },
      ]);
    });

    it(
      'a posting far above its account’s usual amounts, once the account has a history',
      { timeout: 120_000 },
      async () => {
        // Ben, whose own permissions were left alone by the tests before.
        const ben = await busy.bearer('ben');
        const post = async (amount: string) => {
          const draft = await ok(call(ben, 'POST', '/ledger/journal-entries', busy.sale(amount)), 201);
          const { id } = (await draft.json()) as { id: string };
          await ok(call(ben, 'POST', `/ledger/journal-entries/${id}/post`));
          return id;
        };
        const { minimumSamples } = defaultThresholds.outlierPostings;
        for (let i = 1; i < minimumSamples; i += 1) await post(`${95 + (i % 11)}.${String(i).padStart(2, '0')}`);
        // A young ledger has no usual range yet: the same amount that fires later passes here.
        await post('50000.00');
        await busy.reviewed(minimumSamples);
        expect(await busy.signals('outlier-posting')).toEqual([]);

        await post('104.10');
        const outlier = await post('5000000.00');
        await busy.reviewed(minimumSamples + 2);
        expect(await busy.signals('outlier-posting')).toMatchObject([
          { memberId: 'member-ben', details: { entry: outlier, amount: '5000000.00', currency: 'USD', lines: 2 } },
        ]);
      },
    );

    it('each signal went to Application Insights as one custom event', { timeout: 60_000 }, async () => {
      const expected = (await busy.signals()).map((s) => s.id).sort();
      expect(expected.length).toBeGreaterThanOrEqual(5);
      const events = () =>
        ingestion.envelopes.filter(
          (e) => e.data?.baseType === 'EventData' && e.data.baseData?.name === securitySignalEvent,
        );
      const deadline = Date.now() + 45_000;
      while (events().length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      const sent = events()
        .map((e) => (e.data!.baseData!.properties as Record<string, string>).signal)
        .sort();
      expect(sent).toEqual(expected);
    });
  });
});
