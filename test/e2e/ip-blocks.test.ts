import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { CosmosClient, type Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAccessTokens } from '../../shared/identity/access-tokens';
import { memberType, type Member } from '../../shared/identity/member';
import { refreshCookieName } from '../../shared/identity/refresh-tokens';
import { systemClock } from '../../shared/platform/clock';
import { parseSigningKeyRing } from '../../shared/platform/config/secrets';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { openTestSession } from '../harness/members';

const secrets = generateDevelopmentSecrets();
const tokens = createAccessTokens(parseSigningKeyRing('TOKEN_SIGNING_KEYS', secrets.TOKEN_SIGNING_KEYS), systemClock);
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
    const database = new CosmosClient({ endpoint: inject('cosmosEndpoint'), key: inject('cosmosKey') }).database(
      host.databaseName,
    );
    data = database.container('tenant-data');
    platform = database.container('platform');
    const repository = new TenantRepository(data, { tenantId: org, actor: { id: 'system:test', kind: 'system' } });
    await repository.create<Member>(memberType, 'member-admin', {
      email: 'admin@x.example',
      displayName: 'Admin',
      status: 'active',
      permissions: { settings: 'admin', members: 'read' },
    });
    await repository.create<Member>(memberType, 'member-kim', {
      email: 'kim@x.example',
      displayName: 'Kim',
      status: 'active',
      permissions: { members: 'read' },
    });
  });
  afterAll(async () => {
    await host?.stop();
  });

  const signIn = (memberId: string) => openTestSession(data, tokens, org, memberId);

  it("an organisation's admin blocks an address: its requests are refused until unblocked, and both are audited", async () => {
    const admin = await signIn('member-admin');
    const kim = await signIn('member-kim');
    const block = await fetch(`${host.url}/api/admin/ip-blocks`, {
      method: 'POST',
      headers: { authorization: admin.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ip: '127.0.0.2', reason: 'suspicious activity' }),
    });
    expect(block.status).toBe(201);

    expect(
      (await from('127.0.0.2', `${host.url}/api/admin/members`, { headers: { authorization: kim.authorization } }))
        .status,
    ).toBe(403);
    expect(
      (await from('127.0.0.1', `${host.url}/api/admin/members`, { headers: { authorization: kim.authorization } }))
        .status,
    ).toBe(200);

    expect(
      (
        await fetch(`${host.url}/api/admin/ip-blocks/127.0.0.2`, {
          method: 'DELETE',
          headers: { authorization: admin.authorization },
        })
      ).status,
    ).toBe(204);
    expect(
      (await from('127.0.0.2', `${host.url}/api/admin/members`, { headers: { authorization: kim.authorization } }))
        .status,
    ).toBe(200);
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
    const block = await fetch(`${host.url}/api/admin/ip-blocks`, {
      method: 'POST',
      headers: { authorization: admin.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ip: '::FFFF:127.0.0.5', reason: 'mapped form' }),
    });
    expect(block.status).toBe(201);
    const listed = (await (
      await fetch(`${host.url}/api/admin/ip-blocks`, { headers: { authorization: admin.authorization } })
    ).json()) as { items: Array<{ ip: string }> };
    expect(listed.items.map((b) => b.ip)).toContain('127.0.0.5');

    expect(
      (await from('127.0.0.5', `${host.url}/api/admin/members`, { headers: { authorization: kim.authorization } }))
        .status,
    ).toBe(403);
    const refreshed = await from('127.0.0.5', `${host.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { origin: spa, cookie: `${refreshCookieName}=${kim.refreshToken}` },
    });
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
    expect(
      (
        await from('127.0.0.1', `${host.url}/api/auth/refresh`, {
          method: 'POST',
          headers: { origin: spa, cookie: `${refreshCookieName}=${kim.refreshToken}` },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${host.url}/api/admin/ip-blocks/127.0.0.5`, {
          method: 'DELETE',
          headers: { authorization: admin.authorization },
        })
      ).status,
    ).toBe(204);
  });

  it('an admin cannot block the address they are using, in any of its spellings', async () => {
    const admin = await signIn('member-admin');
    const response = await fetch(`${host.url}/api/admin/ip-blocks`, {
      method: 'POST',
      headers: { authorization: admin.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ip: '::ffff:127.0.0.1', reason: 'oops' }),
    });
    expect(response.status).toBe(403);
  });

  it('an admin cannot block the address they are using', async () => {
    const admin = await signIn('member-admin');
    const response = await fetch(`${host.url}/api/admin/ip-blocks`, {
      method: 'POST',
      headers: { authorization: admin.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ip: '127.0.0.1', reason: 'oops' }),
    });
    expect(response.status).toBe(403);
  });

  it('ten failed sign-in attempts from one address block it, even for a valid refresh cookie', async () => {
    for (let i = 0; i < 10; i += 1) {
      const failed = await from('127.0.0.3', `${host.url}/api/auth/refresh`, {
        method: 'POST',
        headers: { origin: spa, cookie: `${refreshCookieName}=not-a-token` },
      });
      expect(failed.status).toBe(401);
    }
    const kim = await signIn('member-kim');
    const blocked = await from('127.0.0.3', `${host.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { origin: spa, cookie: `${refreshCookieName}=${kim.refreshToken}` },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(60);
    expect(
      (
        await from('127.0.0.4', `${host.url}/api/auth/refresh`, {
          method: 'POST',
          headers: { origin: spa, cookie: `${refreshCookieName}=${kim.refreshToken}` },
        })
      ).status,
    ).toBe(200);
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
    const blocked = await from('127.0.0.6', `${host.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { origin: spa, cookie: `${refreshCookieName}=${kim.refreshToken}` },
    });
    expect(blocked.status).toBe(429);
    expect(
      (
        await from('127.0.0.1', `${host.url}/api/auth/refresh`, {
          method: 'POST',
          headers: { origin: spa, cookie: `${refreshCookieName}=${kim.refreshToken}` },
        })
      ).status,
    ).toBe(200);
  });
});
