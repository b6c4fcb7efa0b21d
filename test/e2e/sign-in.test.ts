import { CosmosClient, type Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../local/emulators/free-port';
import { startOidcProvider, type OidcProvider } from '../../local/emulators/oidc';
import { memberType, type Member } from '../../shared/identity/member';
import { organizationType, slugDocumentId, type Organization } from '../../shared/identity/organization';
import { refreshCookieName } from '../../shared/identity/refresh-tokens';
import { generateDevelopmentSecrets } from '../../shared/platform/config/secrets';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { signInWithoutBrowser } from '../harness/browserless-sign-in';
import { startHostedApp, type RunningHost } from '../harness/local-host';

const spa = 'http://localhost:5173';

describe('sign-in with Google Workspace through the full redirect flow', () => {
  let host: RunningHost;
  let idp: OidcProvider;
  let data: Container;

  beforeAll(async () => {
    idp = await startOidcProvider({
      users: [
        { email: 'ann@acme.example', name: 'Ann Admin', google: { hd: 'acme.example' } },
        { email: 'sly@other.example', name: 'Sly', google: { hd: 'other.example' } },
        { email: 'una@acme.example', name: 'Una Unverified', google: { hd: 'acme.example' }, emailVerified: false },
        { email: 'nemo@acme.example', name: 'Nemo Nonmember', google: { hd: 'acme.example' } },
        { email: 'dan@acme.example', name: 'Dan Soon Disabled', google: { hd: 'acme.example' } },
      ],
    });
    const port = await freePort();
    host = await startHostedApp({
      entry: 'functions/index.ts',
      port,
      // Many sign-ins from one address in a minute here; the limit itself is tested in sessions.test.ts.
      env: {
        ...generateDevelopmentSecrets(),
        RATE_LIMIT_AUTHENTICATION_PER_MINUTE: '1000',
        SPA_URL: spa,
        PUBLIC_API_URL: `http://127.0.0.1:${port}`,
        GOOGLE_CLIENT_ID: 'ledgerline-test',
        GOOGLE_ISSUER: idp.issuerUrl,
      },
    });
    const database = new CosmosClient({ endpoint: inject('cosmosEndpoint'), key: inject('cosmosKey') }).database(
      host.databaseName,
    );
    data = database.container('tenant-data');
    const repository = new TenantRepository(data, {
      tenantId: 'org-acme',
      actor: { id: 'system:test', kind: 'system' },
    });
    await repository.create<Organization>(organizationType, 'org-acme', {
      slug: 'acme',
      name: 'Acme',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      signIn: { google: { domains: ['acme.example'] } },
    });
    for (const [id, email] of [
      ['member-ann', 'ann@acme.example'],
      ['member-una', 'una@acme.example'],
      ['member-dan', 'dan@acme.example'],
    ]) {
      await repository.create<Member>(memberType, id!, {
        email: email!,
        displayName: id!,
        status: 'active',
        permissions: { members: 'admin' },
      });
    }
    await database.container('platform').items.create({ id: slugDocumentId('acme'), tenantId: 'org-acme' });
  });
  afterAll(async () => {
    await host?.stop();
    await idp?.stop();
  });

  const signIn = (email: string) =>
    signInWithoutBrowser(host.url, { provider: 'google', organization: 'acme', login_hint: email });
  const refresh = (cookie: string) =>
    fetch(`${host.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { cookie: `${refreshCookieName}=${cookie}`, origin: spa },
    });

  async function auditActions(): Promise<string[]> {
    const { resources } = await data.items
      .query<string>("SELECT VALUE c.action FROM c WHERE c.type = 'audit-record' AND c.tenantId = 'org-acme'")
      .fetchAll();
    return resources;
  }

  it('signs in, lands on the SPA with nothing secret in the URL, and the token opens a protected route', async () => {
    const outcome = await signIn('ann@acme.example');
    expect(outcome.landedAt).toBe(`${spa}/`);
    expect(outcome.refreshCookie).toBeDefined();

    const refreshed = await refresh(outcome.refreshCookie!);
    expect(refreshed.status).toBe(200);
    const { accessToken, organization } = (await refreshed.json()) as {
      accessToken: string;
      organization: { id: string };
    };
    expect(organization.id).toBe('org-acme');
    const sessions = await fetch(`${host.url}/api/admin/sessions`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(sessions.status).toBe(200);
    expect(await auditActions()).toContain('auth.signed-in');
    const history = (await (
      await fetch(`${host.url}/api/me/sign-ins`, { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()) as { items: unknown[] };
    expect(history.items[0]).toMatchObject({ result: 'signed-in', provider: 'google', ip: expect.any(String) });
  });

  it('refuses an account from a Google domain the organisation did not allow', async () => {
    const outcome = await signIn('sly@other.example');
    expect(outcome).toEqual({ landedAt: `${spa}/sign-in?error=not-allowed` });
  });

  it('refuses an unverified email and a person who is not a member, and audits both', async () => {
    expect((await signIn('una@acme.example')).landedAt).toBe(`${spa}/sign-in?error=unverified-email`);
    expect((await signIn('nemo@acme.example')).landedAt).toBe(`${spa}/sign-in?error=not-a-member`);
    expect((await auditActions()).filter((a) => a === 'auth.sign-in-failed').length).toBeGreaterThanOrEqual(2);
  });

  it('a replayed callback is refused', async () => {
    const login = await fetch(
      `${host.url}/api/auth/login?provider=google&organization=acme&login_hint=ann@acme.example`,
      { redirect: 'manual' },
    );
    const authorize = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const callback = authorize.headers.get('location')!;
    expect((await fetch(callback, { redirect: 'manual' })).headers.get('location')).toBe(`${spa}/`);
    const replay = await fetch(callback, { redirect: 'manual' });
    expect(replay.headers.get('location')).toBe(`${spa}/sign-in?error=expired`);
    expect(replay.headers.get('set-cookie')).toBeNull();
  });

  it('a forged state never reaches the provider exchange', async () => {
    const response = await fetch(`${host.url}/api/auth/callback?state=${'x'.repeat(43)}&code=abc`, {
      redirect: 'manual',
    });
    expect(response.headers.get('location')).toBe(`${spa}/sign-in?error=expired`);
  });

  it('a user disabled in the directory loses access at the next refresh', async () => {
    const outcome = await signIn('dan@acme.example');
    expect((await refresh(outcome.refreshCookie!)).status).toBe(200);
    // The cookie rotated: take the new one from a fresh sign-in instead of tracking it.
    const again = await signIn('dan@acme.example');
    idp.directory.disable('dan@acme.example');

    const refused = await refresh(again.refreshCookie!);

    expect(refused.status).toBe(401);
    expect(await auditActions()).toContain('session.directory-disabled');
    expect((await signIn('dan@acme.example')).landedAt).toBe(`${spa}/sign-in?error=provider-error`);
  });

  it('an unknown organisation or provider is a clear 400', async () => {
    const unknown = await fetch(`${host.url}/api/auth/login?provider=google&organization=nope`, { redirect: 'manual' });
    expect(unknown.status).toBe(400);
    const badProvider = await fetch(`${host.url}/api/auth/login?provider=okta&organization=acme`, {
      redirect: 'manual',
    });
    expect(await badProvider.json()).toMatchObject({ errors: [{ field: 'provider' }] });
  });
});
