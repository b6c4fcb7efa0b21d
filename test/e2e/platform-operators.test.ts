import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionType, type Session } from '../../shared/identity/sessions';
import { platformAdministrationTenant } from '../../shared/platform/auth/principal';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { openTestSession, registerTestOperator } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const system = (tenantId: string) => ({ tenantId, actor: { id: 'system:test', kind: 'system' as const } });

interface Operator {
  id: string;
  email: string;
  active: boolean;
  administration: boolean;
  operators: boolean;
}

/**
 * Operator administration: registered operators holding `operators` register and deactivate the
 * platform's operators; a deactivation bites on the operator's very next request, in every session.
 */
describe('platform operators', () => {
  let host: RunningHost;
  let data: Container;
  let platform: Container;
  let olga: string;
  let organization: string;
  const session = async (operatorId: string, tenantId = platformAdministrationTenant) =>
    (await openTestSession(data, tokens, tenantId, operatorId, 'operator')).authorization;
  const call = async <T = Record<string, unknown>>(
    authorization: string,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${host.url}/api/${path}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  const register = async (as: string, email: string, grants: { administration?: boolean; operators?: boolean }) => {
    const registered = await call<Operator>(as, 'POST', 'platform/operators', { email, ...grants });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    return registered.body.id;
  };
  const platformAudit = async () =>
    (
      await new TenantRepository(data, system(platformAdministrationTenant)).queryAll<{
        action: string;
        target: { id: string };
      }>('audit-record')
    ).map((record) => `${record.action} ${record.target.id}`);

  beforeAll(async () => {
    host = await startHostedApp({
      entry: 'functions/index.ts',
      env: { ...secrets, RATE_LIMIT_GLOBAL_PER_MINUTE: '100000', RATE_LIMIT_AUTHENTICATION_PER_MINUTE: '100000' },
    });
    data = host.containers.tenantData;
    platform = host.containers.platform;
    olga = await registerTestOperator(platform, 'olga@ledgerline.example', { administration: true, operators: true });
    const created = await call<{ id: string }>(await session(olga), 'POST', 'platform/organizations', {
      slug: 'operated',
      legalName: 'Operated Ltd',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
      signIn: { googleDomains: ['operated.example'] },
      firstAdminEmail: 'admin@operated.example',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    organization = created.body.id;
  }, 60_000);
  afterAll(async () => {
    await host?.stop();
  });

  it('registers and lists operators, audited; administration without the operators permission is refused', async () => {
    const admin = await session(olga);
    const otto = await register(admin, 'Otto@ledgerline.example', {});
    const pat = await register(admin, 'pat@ledgerline.example', { administration: true });
    const listed = await call<{ items: Operator[] }>(admin, 'GET', 'platform/operators');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((o) => [o.email, o.active, o.administration, o.operators]).sort()).toEqual([
      ['olga@ledgerline.example', true, true, true],
      ['otto@ledgerline.example', true, false, false],
      ['pat@ledgerline.example', true, true, false],
    ]);
    expect((await call(admin, 'POST', 'platform/operators', { email: 'otto@ledgerline.example' })).status).toBe(409);
    expect(await platformAudit()).toEqual(
      expect.arrayContaining([`operator.registered ${otto}`, `operator.registered ${pat}`]),
    );

    const patAdmin = await session(pat);
    expect((await call(patAdmin, 'GET', 'platform/organizations')).status).toBe(200);
    expect((await call(patAdmin, 'GET', 'platform/operators')).status).toBe(403);
    expect((await call(patAdmin, 'POST', 'platform/operators', { email: 'mallory@ledgerline.example' })).status).toBe(
      403,
    );
    expect((await call(patAdmin, 'POST', `platform/operators/${olga}/deactivate`)).status).toBe(403);
    // Without administration an operator cannot even hold a platform-administration session.
    expect((await call(await session(otto), 'GET', 'platform/organizations')).status).toBe(401);
  });

  it('a deactivated operator is refused on the next request, read-only impersonation included, and their sessions end', async () => {
    const admin = await session(olga);
    const vic = await register(admin, 'vic@ledgerline.example', { administration: true });
    const looking = await session(vic, organization);
    const administering = await session(vic);
    expect((await call(looking, 'GET', 'ledger/accounts')).status).toBe(200);
    expect((await call(administering, 'GET', 'platform/organizations')).status).toBe(200);

    const deactivated = await call<Operator>(admin, 'POST', `platform/operators/${vic}/deactivate`);
    expect(deactivated.status, JSON.stringify(deactivated.body)).toBe(200);
    expect(deactivated.body).toMatchObject({ id: vic, active: false });
    expect((await call(looking, 'GET', 'ledger/accounts')).status).toBe(401);
    expect((await call(administering, 'GET', 'platform/organizations')).status).toBe(401);
    for (const tenantId of [organization, platformAdministrationTenant]) {
      const sessions = await new TenantRepository(data, system(tenantId)).queryAll<Session>(sessionType, {
        where: 'c.memberId = @id',
        parameters: [{ name: '@id', value: vic }],
      });
      expect(sessions.map((s) => s.revokedReason)).toEqual(['operator-deactivated']);
    }
    expect(await platformAudit()).toContain(`operator.deactivated ${vic}`);
    // Signing in again is refused too: the registry is what sign-in reads.
    expect((await call(await session(vic, organization), 'GET', 'ledger/accounts')).status).toBe(401);
  });

  it('reads the registry on every request: an entry deactivated behind the sessions’ back stops them at once', async () => {
    const walt = await registerTestOperator(platform, 'walt@ledgerline.example');
    const looking = await session(walt, organization);
    expect((await call(looking, 'GET', 'ledger/accounts')).status).toBe(200);
    await platform.items.upsert({
      id: walt,
      type: 'platform-operator',
      email: 'walt@ledgerline.example',
      active: false,
    });
    expect((await call(looking, 'GET', 'ledger/accounts')).status).toBe(401);
  });

  it('nobody deactivates themselves, and of two operators deactivating each other at once one stays', async () => {
    const admin = await session(olga);
    const self = await call<{ detail: string }>(admin, 'POST', `platform/operators/${olga}/deactivate`);
    expect(self.status).toBe(409);
    expect(self.body.detail).toMatch(/cannot deactivate themselves/);
    const quinn = await register(admin, 'quinn@ledgerline.example', { administration: true, operators: true });
    const quinnAdmin = await session(quinn);
    // Everyone else is deactivated first, so the two of them are the platform's last active operators.
    const listed = await call<{ items: Operator[] }>(admin, 'GET', 'platform/operators');
    for (const other of listed.body.items.filter((o) => o.active && o.id !== olga && o.id !== quinn))
      expect((await call(admin, 'POST', `platform/operators/${other.id}/deactivate`)).status).toBe(200);

    const outcomes = await Promise.all([
      call(admin, 'POST', `platform/operators/${quinn}/deactivate`),
      call(quinnAdmin, 'POST', `platform/operators/${olga}/deactivate`),
    ]);
    const statuses = outcomes.map((o) => o.status).sort((x, y) => x - y);
    expect(statuses[0], JSON.stringify(outcomes.map((o) => o.body))).toBe(200);
    // The loser is refused as the last one left (409), or, when the winner finished first, as deactivated (401).
    expect([401, 409]).toContain(statuses[1]);
    const survivor = outcomes[0].status === 200 ? admin : quinnAdmin;
    const after = await call<{ items: Operator[] }>(survivor, 'GET', 'platform/operators');
    expect(after.status).toBe(200);
    expect(after.body.items.filter((o) => o.active)).toHaveLength(1);
  });
});
