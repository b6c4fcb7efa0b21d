import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CosmosClient, type Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../local/emulators/free-port';
import { localCertificate, type LocalCertificate } from '../../local/emulators/local-certificate';
import { startOidcProvider, type OidcProvider } from '../../local/emulators/oidc';
import { memberType, type Member } from '../../shared/identity/member';
import { slugDocumentId } from '../../shared/identity/organization';
import { organizationType, type Organization } from '../../shared/platform/organization/organization';
import { operatorDocumentId } from '../../shared/identity/operator-sign-in';
import { refreshCookieName } from '../../shared/identity/refresh-tokens';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { finishSignIn, signInWithoutBrowser, startSignIn, type CookieJar } from '../harness/browserless-sign-in';
import { startHostedApp, type RunningHost } from '../harness/local-host';

const spa = 'http://localhost:5173';
const fabrikam = '6f1c2a9e-0000-4000-8000-00000000fab1';
const platformStaff = '0a0b0c0d-0000-4000-8000-0000000057af';

describe('sign-in with Microsoft Entra ID through MSAL and the full redirect flow', () => {
  let host: RunningHost;
  let idp: OidcProvider;
  let certificate: LocalCertificate;
  let data: Container;

  beforeAll(async () => {
    // MSAL refuses plain-HTTP authorities: the local provider speaks HTTPS with a local certificate.
    certificate = await localCertificate(mkdtempSync(join(tmpdir(), 'entra-')));
    idp = await startOidcProvider({
      tls: certificate,
      users: [
        { email: 'eve@fabrikam.example', name: 'Eve', entra: { tid: fabrikam, oid: 'oid-eve' } },
        {
          email: 'mal@evil.example',
          name: 'Mal',
          entra: { tid: '00000000-0000-4000-8000-00000000e711', oid: 'oid-mal' },
        },
        {
          email: 'ida@fabrikam.example',
          name: 'Ida',
          entra: { tid: fabrikam, oid: 'oid-ida' },
          tokenOverrides: { aud: 'some-other-app' },
        },
        { email: 'ed@fabrikam.example', name: 'Ed', entra: { tid: fabrikam, oid: 'oid-ed' } },
        { email: 'fay@fabrikam.example', name: 'Fay', entra: { tid: fabrikam, oid: 'oid-fay' } },
        {
          email: 'gus@fabrikam.example',
          name: 'Gus Without Object Id',
          entra: { tid: fabrikam, oid: 'oid-gus' },
          tokenOverrides: { oid: undefined },
        },
        {
          email: 'olga@ledgerline.example',
          name: 'Olga Operator',
          entra: { tid: platformStaff, oid: 'oid-olga' },
          mfa: true,
        },
        { email: 'otto@ledgerline.example', name: 'Otto No-MFA', entra: { tid: platformStaff, oid: 'oid-otto' } },
        {
          email: 'uma@ledgerline.example',
          name: 'Uma Unregistered',
          entra: { tid: platformStaff, oid: 'oid-uma' },
          mfa: true,
        },
      ],
    });
    const port = await freePort();
    host = await startHostedApp({
      entry: 'functions/index.ts',
      port,
      env: {
        ...generateDevelopmentSecrets(),
        RATE_LIMIT_AUTHENTICATION_PER_MINUTE: '1000',
        SPA_URL: spa,
        PUBLIC_API_URL: `http://127.0.0.1:${port}`,
        ENTRA_CLIENT_ID: 'ledgerline-entra-test',
        ENTRA_CLIENT_SECRET: 'entra-test-client-secret-for-the-local-provider',
        ENTRA_AUTHORITY: idp.issuerUrl,
        NODE_EXTRA_CA_CERTS: certificate.trustBundleFile,
        OPERATOR_ENTRA_TENANT_IDS: platformStaff,
      },
    });
    const database = new CosmosClient({ endpoint: inject('cosmosEndpoint'), key: inject('cosmosKey') }).database(
      host.databaseName,
    );
    data = database.container('tenant-data');
    const repository = new TenantRepository(data, {
      tenantId: 'org-fabrikam',
      actor: { id: 'system:test', kind: 'system' },
    });
    await repository.create<Organization>(organizationType, 'org-fabrikam', {
      slug: 'fabrikam',
      name: 'Fabrikam',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 7,
      signIn: { entra: { tenantIds: [fabrikam] } },
    });
    for (const [id, email] of [
      ['member-eve', 'eve@fabrikam.example'],
      ['member-ida', 'ida@fabrikam.example'],
      ['member-ed', 'ed@fabrikam.example'],
      ['member-fay', 'fay@fabrikam.example'],
      ['member-gus', 'gus@fabrikam.example'],
      ['member-mal', 'mal@evil.example'],
    ]) {
      await repository.create<Member>(memberType, id!, {
        email: email!,
        displayName: id!,
        status: 'active',
        permissions: { members: 'read' },
      });
    }
    await database.container('platform').items.create({ id: slugDocumentId('fabrikam'), tenantId: 'org-fabrikam' });
    for (const email of ['olga@ledgerline.example', 'otto@ledgerline.example']) {
      await database.container('platform').items.create({ id: operatorDocumentId(email), email, active: true });
    }
  });
  afterAll(async () => {
    await host?.stop();
    await idp?.stop();
  });

  const failed = `${spa}/sign-in?error=sign_in_failed`;
  /** Each refusal counts towards the address's failed sign-ins: tests that refuse use their own address. */
  const signIn = (email: string, localAddress = '127.0.0.1') =>
    signInWithoutBrowser(
      host.url,
      { provider: 'entra', organization: 'fabrikam', login_hint: email },
      { ca: certificate.certificate, localAddress },
    );
  async function auditRecords(action: string) {
    const { resources } = await data.items
      .query<{ actor: { id: string }; target: { id: string }; details: Record<string, string> }>({
        query: "SELECT * FROM c WHERE c.tenantId = 'org-fabrikam' AND c.type = 'audit-record' AND c.action = @a",
        parameters: [{ name: '@a', value: action }],
      })
      .fetchAll();
    return resources;
  }
  const refusalReasons = async () => (await auditRecords('auth.sign-in-failed')).map((r) => r.details.reason);
  const refresh = (cookie: string) =>
    fetch(`${host.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { cookie: `${refreshCookieName}=${cookie}`, origin: spa },
    });

  it('signs in through MSAL and the token opens a protected route', async () => {
    const outcome = await signIn('eve@fabrikam.example');
    expect(outcome.landedAt).toBe(`${spa}/`);
    const refreshed = await refresh(outcome.refreshCookie!);
    expect(refreshed.status).toBe(200);
    const { accessToken } = (await refreshed.json()) as { accessToken: string };
    expect(
      (await fetch(`${host.url}/api/admin/members`, { headers: { authorization: `Bearer ${accessToken}` } })).status,
    ).toBe(200);
  });

  it('refuses a person from an Entra tenant the organisation did not list, even if a member record matches', async () => {
    expect((await signIn('mal@evil.example', '127.0.0.31')).landedAt).toBe(failed);
    expect(await refusalReasons()).toContain('not-allowed');
  });

  it('refuses an ID token issued for another audience', async () => {
    expect((await signIn('ida@fabrikam.example', '127.0.0.31')).landedAt).toBe(failed);
    expect(await refusalReasons()).toContain('invalid');
  });

  it("binds the member to the Entra tenant and object id of their first sign-in; another object id with the member's email is refused and audited", async () => {
    const first = await signIn('fay@fabrikam.example');
    expect(first.landedAt).toBe(`${spa}/`);
    const { resource: member } = await data.item('member-fay', 'org-fabrikam').read<Member>();
    expect(member!.entraIdentity).toEqual({ tenantId: fabrikam, objectId: 'oid-fay' });
    expect(
      (await auditRecords('member.entra-identity-bound')).filter((r) => r.target.id === 'member-fay'),
    ).toMatchObject([{ actor: { id: 'member-fay' }, target: { id: 'member-fay' }, details: { objectId: 'oid-fay' } }]);
    expect((await signIn('fay@fabrikam.example')).landedAt).toBe(`${spa}/`);

    // The directory gives fay's address to someone else: same tenant, same email, another object id.
    idp.directory.add({ email: 'fay@fabrikam.example', name: 'New Fay', entra: { tid: fabrikam, oid: 'oid-new-fay' } });
    const impostor = await signIn('fay@fabrikam.example', '127.0.0.32');
    expect(impostor).toEqual({ landedAt: failed });
    const refusal = (await auditRecords('auth.sign-in-failed')).find((r) => r.details.reason === 'identity-mismatch');
    expect(refusal).toMatchObject({ actor: { id: 'system:sign-in' }, target: { id: 'member-fay' } });
    const { resource: after } = await data.item('member-fay', 'org-fabrikam').read<Member>();
    expect(after!.entraIdentity).toEqual({ tenantId: fabrikam, objectId: 'oid-fay' });
    const { resources: sessions } = await data.items
      .query<string>(
        "SELECT VALUE c.id FROM c WHERE c.tenantId = 'org-fabrikam' AND c.type = 'session' AND c.memberId = 'member-fay'",
      )
      .fetchAll();
    expect(sessions).toHaveLength(2);

    idp.directory.add({ email: 'fay@fabrikam.example', name: 'Fay', entra: { tid: fabrikam, oid: 'oid-fay' } });
    expect((await signIn('fay@fabrikam.example')).landedAt).toBe(`${spa}/`);
  });

  it('refuses an Entra ID token without an object id: there is nothing to bind the member to', async () => {
    expect((await signIn('gus@fabrikam.example', '127.0.0.34')).landedAt).toBe(failed);
    const { resource: member } = await data.item('member-gus', 'org-fabrikam').read<Member>();
    expect(member!.entraIdentity).toBeUndefined();
    expect((await auditRecords('auth.sign-in-failed')).at(-1)).toMatchObject({
      details: { reason: 'invalid', email: 'gus@fabrikam.example' },
    });
  });

  it('refuses a callback completed in another cookie jar (login CSRF); the browser that began it completes', async () => {
    const options = { ca: certificate.certificate, localAddress: '127.0.0.33' };
    const attacker = await startSignIn(
      host.url,
      { provider: 'entra', organization: 'fabrikam', login_hint: 'eve@fabrikam.example' },
      options,
    );
    const victim: CookieJar = new Map();
    expect(await finishSignIn(attacker.callbackUrl!, victim, options)).toEqual({ landedAt: failed });
    expect(victim.size).toBe(0);
    expect(await refusalReasons()).toContain('browser-mismatch');
    const own = await finishSignIn(attacker.callbackUrl!, attacker.jar, options);
    expect(own.landedAt).toBe(`${spa}/`);
    expect(own.refreshCookie).toBeDefined();
  });

  it('a user disabled in Entra loses access at the next refresh', async () => {
    const outcome = await signIn('ed@fabrikam.example');
    idp.directory.disable('ed@fabrikam.example');
    expect((await refresh(outcome.refreshCookie!)).status).toBe(401);
  });

  describe('platform operator impersonation', () => {
    const reason = 'Support ticket 4711: trial balance looks off';
    const impersonate = (email: string) =>
      signInWithoutBrowser(
        host.url,
        { provider: 'entra', organization: 'fabrikam', login_hint: email, impersonation_reason: reason },
        { ca: certificate.certificate },
      );

    async function audit(action: string) {
      const { resources } = await data.items
        .query({
          query: "SELECT * FROM c WHERE c.tenantId = 'org-fabrikam' AND c.type = 'audit-record' AND c.action = @a",
          parameters: [{ name: '@a', value: action }],
        })
        .fetchAll();
      return resources as Array<{ details: Record<string, string>; actor: { kind: string } }>;
    }

    it('an operator with MFA gets a read-only, 30-minute, audited session', async () => {
      const outcome = await impersonate('olga@ledgerline.example');
      expect(outcome.landedAt).toBe(`${spa}/`);
      expect(outcome.setCookie).toContain('Max-Age=1800');
      expect(await audit('operator.impersonation-started')).toMatchObject([
        { details: { operator: 'olga@ledgerline.example', reason } },
      ]);

      const { accessToken } = (await (await refresh(outcome.refreshCookie!)).json()) as { accessToken: string };
      const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
      expect((await fetch(`${host.url}/api/admin/members`, { headers })).status).toBe(200);

      const write = await fetch(`${host.url}/api/admin/members`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'x@fabrikam.example', displayName: 'X', permissions: {} }),
      });
      expect(write.status).toBe(403);
      expect(await audit('operator.write-refused')).toMatchObject([
        { actor: { kind: 'operator' }, details: { method: 'POST' } },
      ]);
    });

    it('refuses an operator whose identity provider did not assert MFA', async () => {
      expect((await impersonate('otto@ledgerline.example')).landedAt).toBe(failed);
      expect(await refusalReasons()).toContain('mfa-required');
    });

    it('refuses staff not in the operator registry, and organisation members posing as operators', async () => {
      const before = (await refusalReasons()).filter((reason) => reason === 'not-allowed').length;
      expect((await impersonate('uma@ledgerline.example')).landedAt).toBe(failed);
      expect((await impersonate('eve@fabrikam.example')).landedAt).toBe(failed);
      expect((await refusalReasons()).filter((reason) => reason === 'not-allowed').length).toBe(before + 2);
    });
  });
});
