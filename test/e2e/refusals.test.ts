import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startTestApp } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

interface AuditRow {
  action: string;
  actor: { id: string; kind: string };
  target: { type: string; id: string };
  details: Record<string, unknown>;
}

describe('refusals over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const auth: Record<string, string> = {};

  beforeAll(async () => {
    host = await startTestApp(secrets);
    data = host.containers.tenantData;
    for (const [memberId, permissions] of [
      ['member-reader', { ledger: 'read' }],
      ['member-admin', { members: 'admin', ledger: 'admin' }],
    ] as const) {
      await addTestMember(data, org, memberId, permissions);
      auth[memberId] = (await openTestSession(data, tokens, org, memberId)).authorization;
    }
  });
  afterAll(async () => {
    await host?.stop();
  });

  const call = (memberId: string, method: string, path: string, body?: unknown) =>
    fetch(`${host.url}/api${path}`, {
      method,
      headers: { authorization: auth[memberId]!, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  async function documents(type: string): Promise<AuditRow[]> {
    const { resources } = await data.items
      .query<AuditRow>({
        query: 'SELECT * FROM c WHERE c.tenantId = @t AND c.type = @type ORDER BY c._ts',
        parameters: [
          { name: '@t', value: org },
          { name: '@type', value: type },
        ],
      })
      .fetchAll();
    return resources;
  }
  const refusals = async () => (await documents('audit-record')).filter((r) => r.action === 'access.refused');

  describe('403 refusals of members are audited', () => {
    it('a member below the route level: 403, nothing written, and an access.refused record', async () => {
      const before = (await refusals()).length;
      const response = await call('member-reader', 'POST', '/ledger/accounts', {
        code: '1000',
        name: 'Cash',
        type: 'asset',
      });
      expect(response.status).toBe(403);
      expect(await documents('account')).toEqual([]);
      const records = await refusals();
      expect(records).toHaveLength(before + 1);
      expect(records.at(-1)).toMatchObject({
        actor: { id: 'member-reader', kind: 'member' },
        target: { type: 'route', id: 'ledger-accounts-create' },
        details: { method: 'POST', required: 'ledger:edit', reason: 'This needs edit access to ledger' },
      });
    });

    it('a rule of the domain saying no (an admin changing their own permissions) is audited too', async () => {
      const before = (await refusals()).length;
      const response = await call('member-admin', 'PUT', '/admin/members/member-admin/permissions', {
        permissions: { members: 'admin', ledger: 'admin', settings: 'admin' },
      });
      expect(response.status).toBe(403);
      const records = await refusals();
      expect(records).toHaveLength(before + 1);
      expect(records.at(-1)).toMatchObject({
        actor: { id: 'member-admin' },
        target: { id: 'admin-members-permissions' },
        details: { method: 'PUT', required: 'members:admin', reason: expect.stringMatching(/own permissions/) },
      });
    });

    it('a request without a token is a 401 and writes nothing into the organisation', async () => {
      const before = (await documents('audit-record')).length;
      const response = await fetch(`${host.url}/api/ledger/accounts`, { method: 'POST' });
      expect(response.status).toBe(401);
      expect(await documents('audit-record')).toHaveLength(before);
    });
  });

  describe('unknown query parameters are refused', () => {
    const fieldsOf = async (response: Response) => {
      expect(response.status).toBe(400);
      return ((await response.json()) as { errors: Array<{ field: string; reason: string }> }).errors;
    };

    it('a misspelt filter is refused naming it, not ignored', async () => {
      expect(await fieldsOf(await call('member-reader', 'GET', '/ledger/accounts?includeInactve=true'))).toEqual([
        { field: 'includeInactve', reason: 'not a parameter of this route' },
      ]);
      expect((await call('member-reader', 'GET', '/ledger/accounts?includeInactive=true')).status).toBe(200);
    });

    it('a route that takes no query refuses any parameter', async () => {
      expect(await fieldsOf(await call('member-reader', 'GET', '/ledger/periods?month=2026-01'))).toEqual([
        { field: 'month', reason: 'not a parameter of this route' },
      ]);
    });
  });
});
