import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCertificate } from '../../local/emulators/local-certificate';
import type { OidcProvider } from '../../local/emulators/oidc';
import type { Member } from '../../shared/identity/member';
import { operatorDocumentId } from '../../shared/identity/operator-sign-in';
import { finishSignIn, signInWithoutBrowser, startSignIn, type CookieJar } from '../harness/browserless-sign-in';
import type { RunningHost } from '../harness/local-host';
import { auditRecordsOf } from '../harness/audit-records';
import { refreshWith, seedSignInOrganisation, spa, startSignInApp, type SignInApp } from '../harness/sign-in-app';

const fabrikam = '6f1c2a9e-0000-4000-8000-00000000fab1';
const platformStaff = '0a0b0c0d-0000-4000-8000-0000000057af';

describe('sign-in with Microsoft Entra ID through MSAL and the full redirect flow', () => {
  let app: SignInApp;
  let host: RunningHost;
  let idp: OidcProvider;
  let certificate: LocalCertificate;
  let data: Container;

  beforeAll(async () => {
    app = await startSignInApp({
      provider: 'entra',
      operatorTenantIds: platformStaff,
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
    ({ host, idp } = app);
    certificate = app.certificate!;
    data = host.containers.tenantData;
    await seedSignInOrganisation(host.containers, {
      tenantId: 'org-fabrikam',
      slug: 'fabrikam',
      name: 'Fabrikam',
      fiscalYearStartMonth: 7,
      signIn: { entra: { tenantIds: [fabrikam] } },
      members: [
        ['member-eve', 'eve@fabrikam.example'],
        ['member-ida', 'ida@fabrikam.example'],
        ['member-ed', 'ed@fabrikam.example'],
        ['member-fay', 'fay@fabrikam.example'],
        ['member-gus', 'gus@fabrikam.example'],
        ['member-mal', 'mal@evil.example'],
      ].map(([id, email]) => ({ id: id!, email: email!, permissions: { members: 'read' } })),
    });
    for (const email of ['olga@ledgerline.example', 'otto@ledgerline.example']) {
      await host.containers.platform.items.create({ id: operatorDocumentId(email), email, active: true });
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  const failed = `${spa}/sign-in?error=sign_in_failed`;
  /** Each refusal counts towards the address's failed sign-ins: tests that refuse use their own address. */
  const signIn = (email: string, localAddress = '127.0.0.1') =>
    signInWithoutBrowser(
      host.url,
      { provider: 'entra', organization: 'fabrikam', login_hint: email },
      { ca: certificate.certificate, localAddress },
    );
  const auditRecords = (action: string) =>
    auditRecordsOf<{ actor: { id: string }; target: { id: string }; details: Record<string, string> }>(
      data,
      'org-fabrikam',
      action,
    );
  const refusalReasons = async () => (await auditRecords('auth.sign-in-failed')).map((r) => r.details.reason);
  const refresh = (cookie: string) => refreshWith(host, cookie);

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

    const audit = (action: string) =>
      auditRecordsOf<{ details: Record<string, string>; actor: { kind: string } }>(data, 'org-fabrikam', action);

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
