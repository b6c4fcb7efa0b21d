import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCookieName } from '../../shared/identity/refresh-tokens';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const spa = 'http://localhost:5173';

/** A request from another loopback address (the whole 127/8 is local), so the app sees a different client. */
function from(
  localAddress: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, localAddress }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('IP blocks', () => {
  let host: RunningHost;
  let data: Container;
  let platform: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    host = await startHostedApp({ entry: 'functions/index.ts', env: { ...secrets, SPA_URL: spa } });
    data = host.containers.tenantData;
    platform = host.containers.platform;
    await addTestMember(data, org, 'member-admin', { settings: 'admin', members: 'read' });
    await addTestMember(data, org, 'member-kim', { members: 'read' });
  });
  afterAll(async () => {
    await host?.stop();
  });

  const signIn = (memberId: string) => openTestSession(data, tokens, org, memberId);
  const blockAddress = (authorization: string, ip: string, reason: string) =>
    fetch(`${host.url}/api/admin/ip-blocks`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ip, reason }),
    });
  const unblock = (authorization: string, ip: string) =>
    fetch(`${host.url}/api/admin/ip-blocks/${ip}`, { method: 'DELETE', headers: { authorization } });
  /** Presents the refresh token from `address`, with the SPA's origin. */
  const refreshFrom = (address: string, refreshToken: string) =>
    from(address, `${host.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { origin: spa, cookie: `${refreshCookieName}=${refreshToken}` },
    });
  const membersFrom = async (address: string, authorization: string) =>
    (await from(address, `${host.url}/api/admin/members`, { headers: { authorization } })).status;

  it("an organisation's admin blocks an address: its requests are refused until unblocked, and both are audited", async () => {
    const admin = await signIn('member-admin');
    const kim = await signIn('member-kim');
    const blocked = await blockAddress(admin.authorization, '127.0.0.2', 'suspicious activity');
    expect(blocked.status).toBe(201);

    expect(await membersFrom('127.0.0.2', kim.authorization)).toBe(403);
    expect(await membersFrom('127.0.0.1', kim.authorization)).toBe(200);

    expect((await unblock(admin.authorization, '127.0.0.2')).status).toBe(204);
    expect(await membersFrom('127.0.0.2', kim.authorization)).toBe(200);
    const { resources } = await data.items
      .query<string>({
        query:
          "SELECT VALUE c.action FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND STARTSWITH(c.action, 'ip.') ORDER BY c.sequence",
        parameters: [{ name: '@t', value: org }],
      })
      .fetchAll();
    expect(resources).toEqual(['ip.blocked', 'ip.unblocked']);
  });

  it('a block written in IPv4-mapped IPv6 form stops the plain IPv4 client, on requests and on refresh', async () => {
    const admin = await signIn('member-admin');
    const kim = await signIn('member-kim');
    const blocked = await blockAddress(admin.authorization, '::FFFF:127.0.0.5', 'mapped form');
    expect(blocked.status).toBe(201);
    const listed = (await (
      await fetch(`${host.url}/api/admin/ip-blocks`, { headers: { authorization: admin.authorization } })
    ).json()) as { items: Array<{ ip: string }> };
    expect(listed.items.map((b) => b.ip)).toContain('127.0.0.5');

    expect(await membersFrom('127.0.0.5', kim.authorization)).toBe(403);
    const refreshed = await refreshFrom('127.0.0.5', kim.refreshToken);
    expect(refreshed.status).toBe(403);
    expect(refreshed.headers['set-cookie']).toBeUndefined();
    const { resources } = await data.items
      .query<{ details: { reason: string } }>({
        query:
          "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.action = 'session.refresh-refused' AND c.target.id = @s",
        parameters: [
          { name: '@t', value: org },
          { name: '@s', value: kim.sessionId },
        ],
      })
      .fetchAll();
    expect(resources).toMatchObject([{ details: { reason: 'ip-blocked' } }]);
    // Refused from the blocked address, the refresh token was not spent: it still works elsewhere.
    expect((await refreshFrom('127.0.0.1', kim.refreshToken)).status).toBe(200);
    expect((await unblock(admin.authorization, '127.0.0.5')).status).toBe(204);
  });

  it.each(['127.0.0.1', '::ffff:127.0.0.1'])('an admin cannot block the address they are using (%s)', async (ip) => {
    const admin = await signIn('member-admin');
    expect((await blockAddress(admin.authorization, ip, 'oops')).status).toBe(403);
  });

  it('ten failed sign-in attempts from one address block it, even for a valid refresh cookie', async () => {
    for (let i = 0; i < 10; i += 1) {
      const failed = await refreshFrom('127.0.0.3', 'not-a-token');
      expect(failed.status).toBe(401);
    }
    const kim = await signIn('member-kim');
    const blocked = await refreshFrom('127.0.0.3', kim.refreshToken);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(60);
    expect((await refreshFrom('127.0.0.4', kim.refreshToken)).status).toBe(200);
    const { resources } = await platform.items
      .query("SELECT * FROM c WHERE c.type = 'security-event' AND c.event = 'ip.blocked-automatically'")
      .fetchAll();
    expect(resources).toMatchObject([{ ip: '127.0.0.3' }]);
  });
  it("ten logouts with a real session's id and made-up secrets block the address too", async () => {
    const kim = await signIn('member-kim');
    const forged = kim.refreshToken.replace(/\.[A-Za-z0-9_-]{43}$/, `.${'F'.repeat(43)}`);
    for (let i = 0; i < 10; i += 1) {
      const response = await from('127.0.0.6', `${host.url}/api/auth/logout`, {
        method: 'POST',
        headers: { origin: spa, cookie: `${refreshCookieName}=${forged}` },
      });
      expect(response.status).toBe(204);
    }
    const blocked = await refreshFrom('127.0.0.6', kim.refreshToken);
    expect(blocked.status).toBe(429);
    expect((await refreshFrom('127.0.0.1', kim.refreshToken)).status).toBe(200);
  });
});
