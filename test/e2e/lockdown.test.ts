import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '../../shared/identity/member';
import { startSession } from '../../shared/identity/sessions';
import { tenantIdentityDependencies } from '../../shared/identity/identity-dependencies';
import { resources } from '../../shared/platform/auth/principal';
import { systemClock } from '../../shared/platform/clock';
import { signInWithoutBrowser } from '../harness/browserless-sign-in';
import type { RunningHost } from '../harness/local-host';
import { auditRecordsOf } from '../harness/audit-records';
import { refreshWith, seedSignInOrganisation, startSignInApp, type SignInApp } from '../harness/sign-in-app';
import { openTestSession } from '../harness/members';
import { eventually } from '../harness/outbox';
import { listRegistrations, type Registration } from '../harness/registrations';
import { testSecrets } from '../harness/test-secrets';

/**
 * Lockdown over HTTP: a locked member is refused at once and cannot sign in until a second admin
 * unlocks them; an organisation in lockdown refuses every write route of the route table (from
 * the app's own registrations, so a new route is covered without editing this file) and serves
 * reads; operators can lock an organisation down and lift it; the security contact gets one email
 * (through the outbox and the Postmark stand-in) per lockdown started, and nobody does without one.
 */
const root = resolve(__dirname, '../..');
const { secrets, tokens } = testSecrets();

const httpRoutes = (): Registration[] =>
  listRegistrations(join(root, 'functions/index.ts')).functions.filter((f) => f.trigger === 'httpTrigger');

/** The writes that stay open in a lockdown, each with its declared reason; anything else is refused. */
const exemptWrites = [
  'auth-refresh',
  'auth-logout',
  'me-sessions-revoke',
  'admin-sessions-revoke',
  'admin-members-revoke-sessions',
  'admin-members-lock',
  'admin-lockdown-lift',
  'operator-lockdown-lift',
  'webhooks-postmark',
].sort();

describe('lockdown', () => {
  let app: SignInApp;
  let host: RunningHost;
  let data: Container;
  let platform: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const slug = `lock-${randomUUID().slice(0, 8)}`;
  /** An organisation that names no security contact. */
  const quiet = `org-${randomUUID().slice(0, 8)}`;
  const everything = Object.fromEntries(resources.map((r) => [r, 'admin'])) as Member['permissions'];

  beforeAll(async () => {
    app = await startSignInApp({
      provider: 'google',
      users: ['ann', 'ben', 'mal'].map((name) => ({
        email: `${name}@lock.example`,
        name,
        google: { hd: 'lock.example' },
      })),
      env: { ...secrets, RATE_LIMIT_GLOBAL_PER_MINUTE: '10000' },
    });
    host = app.host;
    data = host.containers.tenantData;
    platform = host.containers.platform;
    await seedSignInOrganisation(host.containers, {
      tenantId: org,
      slug,
      name: 'Lock Ltd',
      signIn: { google: { domains: ['lock.example'] } },
      members: ['ann', 'ben', 'mal'].map((name) => ({
        id: `member-${name}`,
        email: `${name}@lock.example`,
        displayName: name,
        permissions: name === 'mal' ? { ledger: 'read' } : everything,
      })),
    });
    await seedSignInOrganisation(host.containers, {
      tenantId: quiet,
      slug: `quiet-${randomUUID().slice(0, 8)}`,
      name: 'Quiet Ltd',
      signIn: { google: { domains: ['quiet.example'] } },
      members: [{ id: 'member-quinn', email: 'quinn@quiet.example', displayName: 'quinn', permissions: everything }],
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const bearer = async (memberId: string) => (await openTestSession(data, tokens, org, memberId)).authorization;
  const operatorBearer = async () => {
    const deps = { container: data, clock: systemClock, ids: { newId: () => randomUUID() } };
    const operatorId = 'operator-olga';
    // Every operator request reads the registry: the session is only as good as the entry.
    await platform.items.upsert({
      id: operatorId,
      type: 'platform-operator',
      email: 'olga@ledgerline.example',
      active: true,
    });
    const { session } = await startSession(
      tenantIdentityDependencies(deps),
      { tenantId: org, actor: { id: operatorId, kind: 'operator' } },
      { memberId: operatorId, kind: 'operator', provider: 'entra', lifetimeSeconds: 1800 },
    );
    const { token } = await tokens.issue({
      tenantId: org,
      memberId: operatorId,
      sessionId: session.id,
      kind: 'operator',
    });
    return `Bearer ${token}`;
  };
  const call = (method: string, path: string, authorization: string, body?: unknown) =>
    fetch(`${host.url}/api${path}`, {
      method,
      headers: { authorization, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const signIn = (name: string) =>
    signInWithoutBrowser(host.url, { provider: 'google', organization: slug, login_hint: `${name}@lock.example` });
  const refresh = (cookie: string) => refreshWith(host, cookie);
  const audit = (action: string) =>
    auditRecordsOf<{ actor: { id: string; kind: string }; details?: Record<string, string> }>(data, org, action);
  /** What the Postmark stand-in received from an organisation (our Metadata names it). */
  const emailsFrom = (tenantId: string) =>
    host.postmark!.sent().filter((message) => message.Metadata.ledgerline_org === tenantId);
  /** The organisation's outbox emails once none is still pending or being sent. */
  const settledEmails = (tenantId: string) =>
    eventually(async () => {
      const { resources } = await data.items
        .query<{ state: string; payload: { to: string[]; purpose: string } }>({
          query: "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'outbox' AND c.work = 'email'",
          parameters: [{ name: '@t', value: tenantId }],
        })
        .fetchAll();
      return resources.some((r) => r.state === 'pending' || r.state === 'processing') ? undefined : resources;
    }, 15_000);
  /** Everything in the organisation's partition except what refusals themselves write. */
  const businessDocuments = async () =>
    (
      await data.items
        .query({
          // The outlier review moves its statistics on in the background after earlier postings.
          query:
            "SELECT c.id, c._etag FROM c WHERE c.tenantId = @t AND NOT (c.type IN ('audit-record', 'audit-head', 'posting-statistics'))",
          parameters: [{ name: '@t', value: org }],
        })
        .fetchAll()
    ).resources.map((d: { id: string; _etag: string }) => `${d.id}@${d._etag}`);

  describe('a locked member', () => {
    it('is refused on the next request, cannot refresh or sign in, until another admin unlocks', async () => {
      const first = await signIn('mal');
      expect(first.landedAt).not.toContain('error=');
      const granted = await refresh(first.refreshCookie!);
      expect(granted.status).toBe(200);
      const { accessToken } = (await granted.json()) as { accessToken: string };
      const malToken = `Bearer ${accessToken}`;
      expect((await call('GET', '/me', malToken)).status).toBe(200);

      const ann = await bearer('member-ann');
      expect((await call('POST', '/admin/members/member-ann/lock', ann, { reason: 'testing myself' })).status).toBe(
        403,
      );
      const locked = await call('POST', '/admin/members/member-mal/lock', ann, { reason: 'phished laptop' });
      expect(locked.status).toBe(200);
      expect(await locked.json()).toMatchObject({ id: 'member-mal', locked: true });

      // The access token is still within its 15 minutes, but the session and member are re-read.
      expect((await call('GET', '/me', malToken)).status).toBe(401);
      expect((await refresh(first.refreshCookie!)).status).toBe(401);
      // The SPA is told only that sign-in failed; the audit log says why.
      expect((await signIn('mal')).landedAt).toContain('error=');
      expect((await audit('auth.sign-in-failed')).map((r) => r.details?.reason)).toEqual(['locked']);
      const { resources: sessions } = await data.items
        .query({
          query: 'SELECT * FROM c WHERE c.tenantId = @t AND c.type = @s AND c.memberId = @m',
          parameters: [
            { name: '@t', value: org },
            { name: '@s', value: 'session' },
            { name: '@m', value: 'member-mal' },
          ],
        })
        .fetchAll();
      expect(sessions.length).toBeGreaterThan(0);
      for (const session of sessions) expect(session).toMatchObject({ revokedReason: 'member-locked' });
      expect(await audit('member.locked')).toMatchObject([
        { actor: { id: 'member-ann' }, details: { reason: 'phished laptop' } },
      ]);

      // Not by the admin who locked, not twice, not by the member: by a second admin.
      expect((await call('POST', '/admin/members/member-mal/unlock', ann)).status).toBe(403);
      expect((await call('POST', '/admin/members/member-mal/lock', ann, { reason: 'again' })).status).toBe(409);
      const ben = await bearer('member-ben');
      expect((await call('POST', '/admin/members/member-mal/unlock', ben)).status).toBe(200);
      expect(await audit('member.unlocked')).toMatchObject([{ actor: { id: 'member-ben' } }]);
      expect((await signIn('mal')).landedAt).not.toContain('error=');
    });

    it('a permission change keeps the lock', async () => {
      const ann = await bearer('member-ann');
      const ben = await bearer('member-ben');
      expect((await call('POST', '/admin/members/member-mal/lock', ann, { reason: 'while we look' })).status).toBe(200);
      const changed = await call('PUT', '/admin/members/member-mal/permissions', ben, {
        permissions: { ledger: 'edit' },
      });
      expect(await changed.json()).toMatchObject({ locked: true });
      expect((await signIn('mal')).landedAt).toContain('error=');
      expect((await audit('auth.sign-in-failed')).map((r) => r.details?.reason)).toEqual(['locked', 'locked']);
      expect((await call('POST', '/admin/members/member-mal/unlock', ben)).status).toBe(200);
    });
  });

  describe('organisation lockdown', () => {
    it('refuses every write route of the route table before any effect, and serves reads', async () => {
      const ann = await bearer('member-ann');
      const ben = await bearer('member-ben');
      const contact = await call('PUT', '/admin/security/contact', ann, { email: 'SOC@lock.example' });
      expect(contact.status).toBe(200);
      const started = await call('POST', '/admin/security/lockdown', ann, { reason: 'credential leak' });
      expect(started.status).toBe(200);
      expect(await started.json()).toMatchObject({
        lockdown: { by: 'member-ann', byKind: 'member', reason: 'credential leak' },
        securityContact: 'soc@lock.example',
      });
      // One email to the security contact, sent through the outbox in the lockdown's own transaction.
      expect(await settledEmails(org)).toMatchObject([
        { state: 'completed', payload: { to: ['soc@lock.example'], purpose: 'lockdown-started' } },
      ]);
      const [notice, ...more] = emailsFrom(org);
      expect(more).toEqual([]);
      expect(notice).toMatchObject({ To: ['soc@lock.example'], Tag: 'lockdown-started' });
      expect(notice!.Subject).toContain('Lock Ltd is in read-only lockdown');
      expect(notice!.TextBody).toContain('by member member-ann. Reason given: credential leak.');
      const outbox = (await (await call('GET', '/admin/outbox?work=email', ben)).json()) as {
        items: Array<{ state: string; email: { purpose: string } }>;
      };
      expect(outbox.items).toMatchObject([{ state: 'completed', email: { purpose: 'lockdown-started' } }]);

      const routes = httpRoutes();
      const writes = routes.filter((r) => r.methods![0] !== 'GET');
      expect(writes.length).toBeGreaterThan(15);
      expect(
        writes
          .filter((r) => r.lockdownExempt)
          .map((r) => r.name)
          .sort(),
      ).toEqual(exemptWrites);
      for (const route of writes) if (route.access?.public) expect(route.lockdownExempt, route.name).toBeTruthy();

      const before = await businessDocuments();
      const refusedBefore = (await audit('access.refused')).length;
      // Platform administration acts on the platform's partition, not inside the organisation.
      const refused = writes.filter((r) => !r.lockdownExempt && !r.name.startsWith('operator-') && !r.access?.platform);
      for (const route of refused) {
        const path = `/${route.route!.replace(/\{[^}]+\}/g, 'x1')}`;
        const response = await call(route.methods![0]!, path, ben, {});
        expect(response.status, route.name).toBe(423);
        expect(response.headers.get('content-type'), route.name).toContain('application/problem+json');
      }
      expect(await businessDocuments()).toEqual(before);
      expect((await audit('access.refused')).length - refusedBefore).toBe(refused.length);

      for (const route of routes.filter((r) => r.methods![0] === 'GET' && !r.route!.includes('{'))) {
        if (route.access?.public || route.access?.platform) continue;
        const response = await call('GET', `/${route.route}`, ben);
        expect([200, 400], route.name).toContain(response.status);
      }
      expect((await call('GET', '/ledger/accounts', ben)).status).toBe(200);

      // The admin who started it cannot lift it alone; a second admin can, and writes work again.
      expect((await call('DELETE', '/admin/security/lockdown', ann)).status).toBe(403);
      expect((await call('DELETE', '/admin/security/lockdown', ben)).status).toBe(200);
      expect(await audit('organization.lockdown-lifted')).toMatchObject([{ actor: { id: 'member-ben' } }]);
      const created = await call('POST', '/ledger/accounts', ben, { code: '1000', name: 'Cash', type: 'asset' });
      expect(created.status).toBe(201);
    });

    it('a platform operator locks an organisation down and lifts it; its admins cannot lift it', async () => {
      const operator = await operatorBearer();
      const ann = await bearer('member-ann');
      // Members never reach operator routes, and operators still cannot use the members' write routes.
      expect((await call('POST', '/operator/lockdown', ann, { reason: 'pretending' })).status).toBe(403);
      expect((await call('POST', '/admin/security/lockdown', operator, { reason: 'wrong door' })).status).toBe(403);

      const started = await call('POST', '/operator/lockdown', operator, { reason: 'platform incident 42' });
      expect(started.status).toBe(200);
      expect(await started.json()).toMatchObject({ lockdown: { byKind: 'operator', by: 'operator-olga' } });
      expect(await audit('organization.lockdown-started')).toMatchObject([
        { actor: { kind: 'member' } },
        { actor: { id: 'operator-olga', kind: 'operator' }, details: { reason: 'platform incident 42' } },
      ]);
      const emails = (await settledEmails(org)).filter((e) => e.state === 'completed');
      expect(emails).toHaveLength(2);
      const operatorNotice = emailsFrom(org).filter((m) => m.TextBody?.includes('platform incident 42'));
      expect(operatorNotice).toMatchObject([{ To: ['soc@lock.example'], Tag: 'lockdown-started' }]);
      expect(operatorNotice[0]!.TextBody).toContain('by a platform operator');
      expect(emailsFrom(org)).toHaveLength(2);
      const { resources: events } = await platform.items
        .query({
          query: 'SELECT * FROM c WHERE c.type = @e AND c.claimedTenantId = @t',
          parameters: [
            { name: '@e', value: 'security-event' },
            { name: '@t', value: org },
          ],
        })
        .fetchAll();
      expect(events.map((e: { event: string }) => e.event)).toContain('organization.lockdown-started');

      expect((await call('POST', '/ledger/accounts', ann, { code: '1100', name: 'Bank', type: 'asset' })).status).toBe(
        423,
      );
      expect((await call('DELETE', '/admin/security/lockdown', ann)).status).toBe(403);
      expect((await call('DELETE', '/operator/lockdown', operator)).status).toBe(200);
      expect((await call('GET', '/admin/security', ann)).status).toBe(200);
      expect(await (await call('GET', '/admin/security', ann)).json()).toMatchObject({ lockdown: null });
    });

    it('emails nobody when the organisation names no security contact', async () => {
      const quinn = (await openTestSession(data, tokens, quiet, 'member-quinn')).authorization;
      const started = await call('POST', '/admin/security/lockdown', quinn, { reason: 'no one to tell' });
      expect(started.status).toBe(200);
      expect(await started.json()).toMatchObject({ securityContact: null, lockdown: { reason: 'no one to tell' } });
      // The email would have been staged in the lockdown's transaction, committed before the answer.
      expect(await settledEmails(quiet)).toEqual([]);
      expect(emailsFrom(quiet)).toEqual([]);
      const { resources: audited } = await data.items
        .query({
          query: "SELECT c.details FROM c WHERE c.tenantId = @t AND c.action = 'organization.lockdown-started'",
          parameters: [{ name: '@t', value: quiet }],
        })
        .fetchAll();
      expect(audited).toEqual([{ details: { reason: 'no one to tell', securityContact: 'none named' } }]);
    });
  });
});
