import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startTestApp } from '../harness/local-host';
import { addDimensions } from '../harness/dimensions';
import { addTestMember, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

describe('member administration over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    host = await startTestApp(secrets);
    data = host.containers.tenantData;
    await addTestMember(data, org, 'member-root', { members: 'admin', settings: 'admin' });
    await addTestMember(data, org, 'member-bob', { ledger: 'edit' });
  });
  afterAll(async () => {
    await host?.stop();
  });

  const bearer = (memberId: string) => openTestSession(data, tokens, org, memberId);

  const call = (method: string, path: string, authorization: string, body?: unknown) =>
    fetch(`${host.url}/api${path}`, {
      method,
      headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('an admin adds a member; the same email twice is a conflict', async () => {
    const { authorization } = await bearer('member-root');
    const added = await call('POST', '/admin/members', authorization, {
      email: 'Carol@X.example',
      displayName: 'Carol',
      permissions: { ledger: 'read' },
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({
      email: 'carol@x.example',
      status: 'active',
      permissions: { ledger: 'read' },
    });
    const again = await call('POST', '/admin/members', authorization, {
      email: 'carol@x.example',
      displayName: 'Carol 2',
      permissions: {},
    });
    expect(again.status).toBe(409);
  });

  it('a member cannot demote themselves', async () => {
    const root = await bearer('member-root');
    const self = await call('PUT', '/admin/members/member-root/permissions', root.authorization, {
      permissions: { members: 'read' },
    });
    expect(self.status).toBe(403);
    const { resources } = await data.items
      .query({
        query:
          "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.action = 'member.change-refused'",
        parameters: [{ name: '@t', value: org }],
      })
      .fetchAll();
    expect(resources).toMatchObject([{ actor: { id: 'member-root' }, target: { id: 'member-root' } }]);
  });

  it('two admins demoting each other at once cannot leave the organisation without an admin', async () => {
    const root = await bearer('member-root');
    expect(
      (
        await call('PUT', '/admin/members/member-bob/permissions', root.authorization, {
          permissions: { members: 'admin', ledger: 'edit' },
        })
      ).status,
    ).toBe(200);
    const bob = await bearer('member-bob');

    const [bobDemoted, rootDemoted] = await Promise.all([
      call('PUT', '/admin/members/member-bob/permissions', root.authorization, { permissions: { ledger: 'edit' } }),
      call('PUT', '/admin/members/member-root/permissions', bob.authorization, { permissions: { ledger: 'read' } }),
    ]);

    expect([bobDemoted.status, rootDemoted.status].filter((s) => s === 200)).toHaveLength(1);
    const list = (await (
      await call('GET', '/admin/members', (bobDemoted.status === 200 ? root : bob).authorization)
    ).json()) as { items: Array<{ permissions: { members?: string } }> };
    expect(list.items.filter((m) => m.permissions.members === 'admin')).toHaveLength(1);
    const { resources } = await data.items
      .query({
        query:
          "SELECT VALUE c.action FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.action = 'member.permissions-changed'",
        parameters: [{ name: '@t', value: org }],
      })
      .fetchAll();
    expect(resources).toHaveLength(2);
    // Put the original arrangement back for the tests that follow.
    const survivor = bobDemoted.status === 200 ? root : bob;
    if (bobDemoted.status !== 200)
      await call('PUT', '/admin/members/member-root/permissions', survivor.authorization, {
        permissions: { members: 'admin' },
      });
    await call('PUT', '/admin/members/member-bob/permissions', (await bearer('member-root')).authorization, {
      permissions: { ledger: 'edit' },
    });
  });

  it('the last administrator cannot be removed, even by someone who could otherwise', async () => {
    const root = await bearer('member-root');
    expect((await call('DELETE', '/admin/members/member-root', root.authorization)).status).toBe(403);
  });

  it('removing a member ends their sessions at once', async () => {
    const root = await bearer('member-root');
    const dave = await call('POST', '/admin/members', root.authorization, {
      email: 'dave@x.example',
      displayName: 'Dave',
      permissions: { members: 'read' },
    });
    const { id } = (await dave.json()) as { id: string };
    const daveSession = await bearer(id);
    expect((await call('GET', '/admin/members', daveSession.authorization)).status).toBe(200);

    expect((await call('DELETE', `/admin/members/${id}`, root.authorization)).status).toBe(204);

    expect((await call('GET', '/admin/members', daveSession.authorization)).status).toBe(401);
    const list = (await (await call('GET', '/admin/members', root.authorization)).json()) as {
      items: Array<{ id: string; status: string }>;
    };
    expect(list.items.find((m) => m.id === id)?.status).toBe('removed');
  });

  it('facility and division restrictions are set by an admin, never by the member, and reach the principal', async () => {
    const root = await bearer('member-root');
    const bob = await bearer('member-bob');
    const unlisted = await call('PUT', '/admin/members/member-bob/restrictions', root.authorization, {
      facilities: ['plant-1'],
    });
    expect(unlisted.status).toBe(400);
    expect(await unlisted.json()).toMatchObject({
      errors: [{ field: 'facilities.0', reason: 'no facility with the code plant-1' }],
    });
    await addDimensions(`${host.url}/api`, root.authorization, {
      facilities: ['plant-1'],
      divisions: ['retail', 'wholesale'],
    });
    const set = await call('PUT', '/admin/members/member-bob/restrictions', root.authorization, {
      facilities: ['plant-1'],
      divisions: ['retail', 'wholesale'],
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      restrictions: { facilities: ['plant-1'], divisions: ['retail', 'wholesale'] },
    });
    expect(await (await call('GET', '/me', bob.authorization)).json()).toMatchObject({
      memberId: 'member-bob',
      restrictions: { facilities: ['plant-1'] },
    });
    expect(
      (await call('PUT', '/admin/members/member-root/restrictions', root.authorization, { facilities: [] })).status,
    ).toBe(403);
  });

  it("a member lists and ends their own sessions, and cannot end someone else's", async () => {
    const first = await bearer('member-bob');
    const second = await bearer('member-bob');
    const root = await bearer('member-root');
    const mine = (await (await call('GET', '/me/sessions', first.authorization)).json()) as {
      items: Array<{ id: string; current: boolean }>;
    };
    expect(mine.items.find((s) => s.id === first.sessionId)?.current).toBe(true);
    expect(mine.items.some((s) => s.id === second.sessionId)).toBe(true);

    expect((await call('DELETE', `/me/sessions/${root.sessionId}`, first.authorization)).status).toBe(404);
    expect((await call('DELETE', `/me/sessions/${second.sessionId}`, first.authorization)).status).toBe(204);
    expect((await call('GET', '/me/sessions', second.authorization)).status).toBe(401);
    expect((await call('GET', '/me/sessions', root.authorization)).status).toBe(200);
  });
});
