import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccessTokens } from '../../shared/identity/access-tokens';
import { memberType, type Member } from '../../shared/identity/member';
import { refreshCookieName } from '../../shared/identity/refresh-tokens';
import { startSession } from '../../shared/identity/sessions';
import { tenantIdentityDependencies } from '../../shared/identity/identity-dependencies';
import { parseSigningKeyRing } from '../../shared/platform/config/secrets';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { systemClock } from '../../shared/platform/clock';
import { fetchFrom } from '../harness/fetch-from';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { testSecrets } from '../harness/test-secrets';

const spa = 'http://localhost:5173';
const { secrets, tokens } = testSecrets();

/**
 * Sign-in itself arrives with the Entra ID / Google flows; here sessions are opened the way the
 * callback will open them, and everything after (refresh, logout, revocation) goes over HTTP.
 */
async function startApp(env: Record<string, string> = {}) {
  const host = await startHostedApp({ entry: 'functions/index.ts', env: { ...secrets, SPA_URL: spa, ...env } });
  const data = host.containers.tenantData;
  return { host, data };
}

async function addMember(data: Container, tenantId: string, memberId: string, permissions: Member['permissions']) {
  const context = { tenantId, actor: { id: 'system:test', kind: 'system' as const } };
  await new TenantRepository(data, context).create<Member>(memberType, memberId, {
    email: `${memberId}@example.com`,
    displayName: memberId,
    status: 'active',
    permissions,
  });
}

async function signIn(data: Container, tenantId: string, memberId: string) {
  const deps = { container: data, clock: systemClock, ids: { newId: () => randomUUID() } };
  const { session, refreshToken } = await startSession(
    tenantIdentityDependencies(deps),
    { tenantId, actor: { id: memberId, kind: 'member' } },
    { memberId, kind: 'member', provider: 'google' },
  );
  const { token } = await tokens.issue({ tenantId, memberId, sessionId: session.id, kind: 'member' });
  return { sessionId: session.id, refreshToken, bearer: `Bearer ${token}` };
}

describe('sessions over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const otherOrg = `org-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    // Many token requests from one address in a minute here; the limit has its own suite below.
    ({ host, data } = await startApp({ RATE_LIMIT_AUTHENTICATION_PER_MINUTE: '1000' }));
    await addMember(data, org, 'member-admin', { members: 'admin', ledger: 'admin' });
    await addMember(data, org, 'member-clerk', { ledger: 'edit' });
    await addMember(data, otherOrg, 'member-intruder', { members: 'admin' });
  });
  afterAll(async () => {
    await host?.stop();
  });

  /**
   * Each test calls the token routes from its own loopback address: many tests here fail a
   * refresh on purpose, and ten failures from one address would block it for the rest.
   */
  let address = '127.0.0.1';
  let tests = 0;
  beforeEach(() => {
    tests += 1;
    address = `127.0.1.${tests}`;
  });

  /** `origin: null` sends no Origin header at all. */
  const refresh = (cookie: string, origin: string | null = spa) =>
    fetchFrom(address, `${host.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { cookie: `${refreshCookieName}=${cookie}`, ...(origin ? { origin } : {}) },
    });

  it('refresh returns a new access token and rotates the HttpOnly, Secure, SameSite=Strict cookie', async () => {
    const admin = await signIn(data, org, 'member-admin');
    const response = await refresh(admin.refreshToken);
    const body = (await response.json()) as {
      accessToken: string;
      expiresIn: number;
      organization: { id: string };
      idle: { secondsRemaining: number };
    };

    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      expiresIn: 900,
      organization: { id: org },
      idle: { secondsRemaining: expect.any(Number) },
    });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^${refreshCookieName}=${org}\\.${admin.sessionId}\\.2\\.`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(JSON.stringify(body)).not.toContain(admin.refreshToken);

    const sessions = await fetch(`${host.url}/api/admin/sessions`, {
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    expect(sessions.status).toBe(200);
    expect(sessions.headers.get('x-session-sensitive-idle-remaining')).toMatch(/^\d+$/);
  });

  it('refuses a refresh that does not come from the SPA (cross-site request forgery)', async () => {
    const admin = await signIn(data, org, 'member-admin');
    expect((await refresh(admin.refreshToken, null)).status).toBe(403);
    expect((await refresh(admin.refreshToken, 'https://evil.example')).status).toBe(403);
    expect((await refresh(admin.refreshToken)).status).toBe(200);
  });

  it('a replayed refresh token kills the session, and the audit log says so', async () => {
    const clerk = await signIn(data, org, 'member-clerk');
    expect((await refresh(clerk.refreshToken)).status).toBe(200);

    const replay = await refresh(clerk.refreshToken);

    expect(replay.status).toBe(401);
    expect((await fetch(`${host.url}/api/admin/sessions`, { headers: { authorization: clerk.bearer } })).status).toBe(
      401,
    );
    const { resources } = await data.items
      .query({
        query:
          "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.action = 'session.refresh-token-reused'",
        parameters: [{ name: '@t', value: org }],
      })
      .fetchAll();
    expect(resources).toMatchObject([{ target: { id: clerk.sessionId }, ip: expect.any(String) }]);
  });

  it('an admin revocation bites on the very next request, and is audited', async () => {
    const admin = await signIn(data, org, 'member-admin');
    const clerk = await signIn(data, org, 'member-clerk');
    const response = await fetch(`${host.url}/api/admin/sessions/${clerk.sessionId}`, {
      method: 'DELETE',
      headers: { authorization: admin.bearer },
    });
    expect(response.status).toBe(204);
    expect((await refresh(clerk.refreshToken)).status).toBe(401);
    const { resources: refused } = await data.items
      .query({
        query:
          "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.action = 'session.refresh-refused' AND c.target.id = @s",
        parameters: [
          { name: '@t', value: org },
          { name: '@s', value: clerk.sessionId },
        ],
      })
      .fetchAll();
    expect(refused).toMatchObject([{ details: { revokedReason: 'admin' } }]);
    const { resources } = await data.items
      .query({
        query:
          "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.action = 'session.revoked' AND c.target.id = @s",
        parameters: [
          { name: '@t', value: org },
          { name: '@s', value: clerk.sessionId },
        ],
      })
      .fetchAll();
    expect(resources).toMatchObject([{ actor: { id: 'member-admin' } }]);
  });

  it("revoking a member's sessions ends all of them", async () => {
    const admin = await signIn(data, org, 'member-admin');
    const one = await signIn(data, org, 'member-clerk');
    const two = await signIn(data, org, 'member-clerk');
    const response = await fetch(`${host.url}/api/admin/members/member-clerk/revoke-sessions`, {
      method: 'POST',
      headers: { authorization: admin.bearer },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { revoked: number }).revoked).toBeGreaterThanOrEqual(2);
    expect((await refresh(one.refreshToken)).status).toBe(401);
    expect((await refresh(two.refreshToken)).status).toBe(401);
  });

  it('a member without members:admin cannot manage sessions', async () => {
    const clerk = await signIn(data, org, 'member-clerk');
    expect((await fetch(`${host.url}/api/admin/sessions`, { headers: { authorization: clerk.bearer } })).status).toBe(
      403,
    );
  });

  it("another organisation's admin cannot see or end this organisation's sessions", async () => {
    const clerk = await signIn(data, org, 'member-clerk');
    const intruder = await signIn(data, otherOrg, 'member-intruder');
    const list = (await (
      await fetch(`${host.url}/api/admin/sessions`, { headers: { authorization: intruder.bearer } })
    ).json()) as { items: Array<{ id: string }> };
    expect(list.items.map((s) => s.id)).not.toContain(clerk.sessionId);
    expect(
      (
        await fetch(`${host.url}/api/admin/sessions/${clerk.sessionId}`, {
          method: 'DELETE',
          headers: { authorization: intruder.bearer },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await fetch(`${host.url}/api/admin/members/member-clerk/revoke-sessions`, {
          method: 'POST',
          headers: { authorization: intruder.bearer },
        })
      ).status,
    ).toBe(404);
    expect((await refresh(clerk.refreshToken)).status).toBe(200);
  });

  async function securityRecords(tenantId: string) {
    const { resources: audit } = await data.items
      .query({
        query:
          "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.action = 'auth.credential-refused' ORDER BY c.sequence",
        parameters: [{ name: '@t', value: tenantId }],
      })
      .fetchAll();
    const { resources: platform } = await host.containers.platform.items
      .query({
        query: "SELECT * FROM c WHERE c.type = 'security-event' AND c.claimedTenantId = @t",
        parameters: [{ name: '@t', value: tenantId }],
      })
      .fetchAll();
    return { audit, platform };
  }

  it('a token signed with a key we do not hold fails closed and lands in the platform security log, not the claimed organisation', async () => {
    const victim = `org-${randomUUID().slice(0, 8)}`;
    const forger = createAccessTokens(
      parseSigningKeyRing('TOKEN_SIGNING_KEYS', generateDevelopmentSecrets().TOKEN_SIGNING_KEYS),
      systemClock,
    );
    const { token } = await forger.issue({
      tenantId: victim,
      memberId: 'member-admin',
      sessionId: 'session-forged',
      kind: 'member',
    });
    expect(
      (await fetch(`${host.url}/api/admin/sessions`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
    const records = await securityRecords(victim);
    expect(records.platform).toMatchObject([{ event: 'auth.credential-refused', route: 'admin-sessions-list' }]);
    expect(records.audit).toEqual([]);
  });

  it("an expired token and a revoked session's token fail closed with a record in the organisation's audit log", async () => {
    const clerk = await signIn(data, org, 'member-clerk');
    const past = { now: () => new Date(Date.now() - 20 * 60_000) };
    const expired = await createAccessTokens(
      parseSigningKeyRing('TOKEN_SIGNING_KEYS', secrets.TOKEN_SIGNING_KEYS),
      past,
    ).issue({ tenantId: org, memberId: 'member-clerk', sessionId: clerk.sessionId, kind: 'member' });
    const before = (await securityRecords(org)).audit.length;

    expect(
      (await fetch(`${host.url}/api/admin/members`, { headers: { authorization: `Bearer ${expired.token}` } })).status,
    ).toBe(401);
    const admin = await signIn(data, org, 'member-admin');
    await fetch(`${host.url}/api/admin/sessions/${clerk.sessionId}`, {
      method: 'DELETE',
      headers: { authorization: admin.bearer },
    });
    expect((await fetch(`${host.url}/api/admin/members`, { headers: { authorization: clerk.bearer } })).status).toBe(
      401,
    );

    const audit = (await securityRecords(org)).audit.slice(before) as Array<{
      details: { reason: string };
      actor: { id: string };
    }>;
    expect(audit.map((r) => r.details.reason)).toEqual(['The access token has expired', 'The session was ended']);
    expect(audit.every((r) => r.actor.id === 'member-clerk')).toBe(true);
  });

  it('after 20 idle minutes a sensitive route refuses (and records it) while an ordinary one still answers', async () => {
    const admin = await signIn(data, org, 'member-admin');
    // Twenty minutes of silence, as the session record would show it.
    const { resource: session } = await data.item(admin.sessionId, org).read<{ lastActivityAt: string }>();
    await data
      .item(admin.sessionId, org)
      .replace({ ...session, lastActivityAt: new Date(Date.now() - 20 * 60_000).toISOString() });

    const sensitive = await fetch(`${host.url}/api/admin/sessions`, { headers: { authorization: admin.bearer } });
    expect(sensitive.status).toBe(401);
    const ordinary = await fetch(`${host.url}/api/admin/members`, { headers: { authorization: admin.bearer } });
    expect(ordinary.status).toBe(200);
    expect(Number(ordinary.headers.get('x-session-idle-remaining'))).toBeGreaterThan(1700);
    const refusals = (await securityRecords(org)).audit as Array<{ details: { reason: string; route: string } }>;
    expect(
      refusals.some((r) => r.details.route === 'admin-sessions-list' && /recent activity/.test(r.details.reason)),
    ).toBe(true);
  });

  /** The same session id and generation as a real token, with a secret the session never issued. */
  const forge = (refreshToken: string) => refreshToken.replace(/\.[A-Za-z0-9_-]{43}$/, `.${'Q'.repeat(43)}`);
  const logout = (cookie: string) =>
    fetchFrom(address, `${host.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: `${refreshCookieName}=${cookie}`, origin: spa },
    });

  async function recordsAbout(sessionId: string) {
    const { resources: audit } = await data.items
      .query<{ action: string; actor: { id: string }; userAgent: string | null }>({
        query: "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.target.id = @s",
        parameters: [
          { name: '@t', value: org },
          { name: '@s', value: sessionId },
        ],
      })
      .fetchAll();
    const { resources: platform } = await host.containers.platform.items
      .query<{
        event: string;
        claimedTenantId: string;
        sessionId: string;
        ttl: number;
        userAgent: string | null;
      }>({
        query: "SELECT * FROM c WHERE c.type = 'security-event' AND c.sessionId = @s",
        parameters: [{ name: '@s', value: sessionId }],
      })
      .fetchAll();
    const { resource: session } = await data.item(sessionId, org).read<{ revokedAt?: string }>();
    return { audit, platform, session: session! };
  }

  it("a refresh with a live session's id and a made-up secret is refused, recorded as forged, and changes nothing", async () => {
    const victim = await signIn(data, org, 'member-clerk');

    const forged = await refresh(forge(victim.refreshToken));

    expect(forged.status).toBe(401);
    expect(forged.headers.get('set-cookie')).toBeNull();
    const records = await recordsAbout(victim.sessionId);
    expect(records.session.revokedAt).toBeUndefined();
    expect(records.audit).toEqual([]);
    expect(records.platform).toMatchObject([
      { event: 'auth.refresh-token-forged', claimedTenantId: org, ttl: expect.any(Number) },
    ]);
    expect((await fetch(`${host.url}/api/me`, { headers: { authorization: victim.bearer } })).status).toBe(200);
    expect((await refresh(victim.refreshToken)).status).toBe(200);
  });

  it("a logout with a live session's id and a made-up secret ends nothing and names nobody as actor", async () => {
    const victim = await signIn(data, org, 'member-clerk');

    expect((await logout(forge(victim.refreshToken))).status).toBe(204);

    const records = await recordsAbout(victim.sessionId);
    expect(records.session.revokedAt).toBeUndefined();
    expect(records.audit).toEqual([]);
    expect(records.platform).toMatchObject([{ event: 'auth.refresh-token-forged', claimedTenantId: org }]);
    expect((await refresh(victim.refreshToken)).status).toBe(200);
  });

  it('a genuine but earlier secret ends the whole session as reuse; the current one rotates', async () => {
    const member = await signIn(data, org, 'member-clerk');
    const rotated = await refresh(member.refreshToken);
    expect(rotated.status).toBe(200);
    const current = /^[^=]+=([^;]+)/.exec(rotated.headers.get('set-cookie')!)![1]!;
    const next = await refresh(current);
    expect(next.status).toBe(200);
    const latest = /^[^=]+=([^;]+)/.exec(next.headers.get('set-cookie')!)![1]!;

    expect((await refresh(current)).status).toBe(401);

    const records = await recordsAbout(member.sessionId);
    expect(records.session.revokedAt).toBeDefined();
    expect(records.audit.map((r) => r.action)).toEqual(['session.refresh-token-reused']);
    expect(records.platform).toEqual([]);
    expect((await refresh(latest)).status).toBe(401);
  });

  it('a genuine but earlier secret at logout ends the session as reuse', async () => {
    const member = await signIn(data, org, 'member-clerk');
    expect((await refresh(member.refreshToken)).status).toBe(200);

    expect((await logout(member.refreshToken)).status).toBe(204);

    const records = await recordsAbout(member.sessionId);
    expect(records.session.revokedAt).toBeDefined();
    expect(records.audit.map((r) => r.action)).toEqual(['session.refresh-token-reused']);
  });

  it('keeps at most 512 characters of a user agent in the audit log and the security log', async () => {
    const long = `Mozilla/5.0 ${'x'.repeat(5000)}`;
    const member = await signIn(data, org, 'member-clerk');
    const send = (cookie: string) =>
      fetchFrom(address, `${host.url}/api/auth/refresh`, {
        method: 'POST',
        headers: { cookie: `${refreshCookieName}=${cookie}`, origin: spa, 'user-agent': long },
      });
    expect((await send(forge(member.refreshToken))).status).toBe(401);
    expect((await send(member.refreshToken)).status).toBe(200);
    expect((await send(member.refreshToken)).status).toBe(401);

    const records = await recordsAbout(member.sessionId);
    const stored = [...records.audit, ...records.platform].map((r) => r.userAgent);
    expect(stored).toHaveLength(2);
    expect(stored).toEqual([long.slice(0, 512), long.slice(0, 512)]);
  });

  it('logout ends the session and clears the cookie', async () => {
    const clerk = await signIn(data, org, 'member-clerk');
    const response = await fetchFrom(address, `${host.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: `${refreshCookieName}=${clerk.refreshToken}`, origin: spa },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^${refreshCookieName}=; Path=/; Max-Age=0`));
    expect((await refresh(clerk.refreshToken)).status).toBe(401);
    expect((await fetch(`${host.url}/api/admin/sessions`, { headers: { authorization: clerk.bearer } })).status).toBe(
      401,
    );
  });
});

describe('authentication rate limit over HTTP', () => {
  let host: RunningHost;
  beforeAll(async () => {
    ({ host } = await startApp());
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('the 21st token request from one client in a minute gets 429 with Retry-After', async () => {
    // Windows are calendar minutes: start well inside one so all 21 requests share it.
    const secondInMinute = new Date().getSeconds();
    if (secondInMinute > 50) await new Promise((r) => setTimeout(r, (61 - secondInMinute) * 1000));
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 21; i += 1) {
      // A refresh from no page at all: refused (403) before any cookie is read and without
      // counting as a failed sign-in, so only the rate limit can produce the 429.
      const response = await fetch(`${host.url}/api/auth/refresh`, { method: 'POST' });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => 403));
    expect(statuses[20]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });
});
