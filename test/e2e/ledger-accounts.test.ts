import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startTestApp } from '../harness/local-host';
import { addMembersWithSessions } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

describe('chart of accounts over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  const orgA = `org-${randomUUID().slice(0, 8)}`;
  const orgB = `org-${randomUUID().slice(0, 8)}`;
  const people: Record<string, string> = {};

  beforeAll(async () => {
    host = await startTestApp(secrets);
    data = host.containers.tenantData;
    Object.assign(
      people,
      await addMembersWithSessions(data, tokens, orgA, {
        'member-controller': { ledger: 'admin' },
        'member-reader': { ledger: 'read' },
      }),
    );
    Object.assign(people, await addMembersWithSessions(data, tokens, orgB, { 'member-other': { ledger: 'admin' } }));
  });
  afterAll(async () => {
    await host?.stop();
  });

  const call = (who: string, method: string, path: string, body?: unknown) =>
    fetch(`${host.url}/api/ledger${path}`, {
      method,
      headers: { authorization: people[who]!, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('creates accounts with their normal balance; a code is unique within the organisation', async () => {
    const cash = await call('member-controller', 'POST', '/accounts', { code: '1000', name: 'Cash', type: 'asset' });
    expect(cash.status).toBe(201);
    expect(await cash.json()).toMatchObject({ code: '1000', type: 'asset', normalBalance: 'debit', active: true });
    expect(
      (await call('member-controller', 'POST', '/accounts', { code: '4000', name: 'Sales', type: 'revenue' })).status,
    ).toBe(201);
    expect(
      (await call('member-controller', 'POST', '/accounts', { code: '1000', name: 'Again', type: 'asset' })).status,
    ).toBe(409);
    // Another organisation may use the same code.
    expect(
      (await call('member-other', 'POST', '/accounts', { code: '1000', name: 'Their cash', type: 'asset' })).status,
    ).toBe(201);
    const list = (await (await call('member-reader', 'GET', '/accounts')).json()) as {
      items: Array<{ code: string; name: string }>;
    };
    expect(list.items.map((a) => a.code)).toEqual(['1000', '4000']);
  });

  it('refuses a reader writing, a bad body naming the fields, and a parent of another type', async () => {
    expect(
      (await call('member-reader', 'POST', '/accounts', { code: '5000', name: 'COGS', type: 'expense' })).status,
    ).toBe(403);
    const bad = await call('member-controller', 'POST', '/accounts', { code: 'has space', name: '', type: 'income' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort()).toEqual([
      'code',
      'name',
      'type',
    ]);
    const asset = (await (
      await call('member-controller', 'POST', '/accounts', { code: '1500', name: 'Equipment', type: 'asset' })
    ).json()) as { id: string };
    expect(
      (
        await call('member-controller', 'POST', '/accounts', {
          code: '6000',
          name: 'Rent',
          type: 'expense',
          parentId: asset.id,
        })
      ).status,
    ).toBe(409);
  });

  it('deactivates, renames and soft-deletes; another organisation cannot even see the account', async () => {
    const created = (await (
      await call('member-controller', 'POST', '/accounts', { code: '6100', name: 'Rnt', type: 'expense' })
    ).json()) as { id: string };
    expect(
      await (
        await call('member-controller', 'PATCH', `/accounts/${created.id}`, { name: 'Rent', active: false })
      ).json(),
    ).toMatchObject({ name: 'Rent', active: false });
    const active = (await (await call('member-reader', 'GET', '/accounts')).json()) as { items: Array<{ id: string }> };
    expect(active.items.map((a) => a.id)).not.toContain(created.id);
    const all = (await (await call('member-reader', 'GET', '/accounts?includeInactive=true')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(all.items.map((a) => a.id)).toContain(created.id);

    expect((await call('member-other', 'GET', `/accounts/${created.id}`)).status).toBe(404);
    expect((await call('member-other', 'PATCH', `/accounts/${created.id}`, { name: 'Mine' })).status).toBe(404);
    expect((await call('member-other', 'DELETE', `/accounts/${created.id}`)).status).toBe(404);

    expect((await call('member-controller', 'DELETE', `/accounts/${created.id}`)).status).toBe(204);
    expect(await (await call('member-reader', 'GET', `/accounts/${created.id}`)).json()).toMatchObject({
      deleted: true,
      active: false,
    });
  });
});
