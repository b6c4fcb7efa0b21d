import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  finishSignIn,
  getFromApi,
  signInWithoutBrowser,
  startSignIn,
  type CookieJar,
} from '../harness/browserless-sign-in';
import type { RunningHost } from '../harness/local-host';
import { auditRecordsOf } from '../harness/audit-records';
import { refreshWith, seedSignInOrganisation, spa, startSignInApp, type SignInApp } from '../harness/sign-in-app';

describe('sign-in with Google Workspace through the full redirect flow', () => {
  let app: SignInApp;
  let host: RunningHost;
  let data: Container;

  beforeAll(async () => {
    app = await startSignInApp({
      provider: 'google',
      users: [
        { email: 'ann@acme.example', name: 'Ann Admin', google: { hd: 'acme.example' } },
        { email: 'sly@other.example', name: 'Sly', google: { hd: 'other.example' } },
        { email: 'una@acme.example', name: 'Una Unverified', google: { hd: 'acme.example' }, emailVerified: false },
        { email: 'nemo@acme.example', name: 'Nemo Nonmember', google: { hd: 'acme.example' } },
        { email: 'dan@acme.example', name: 'Dan Soon Disabled', google: { hd: 'acme.example' } },
      ],
    });
    host = app.host;
    data = host.containers.tenantData;
    await seedSignInOrganisation(host.containers, {
      tenantId: 'org-acme',
      slug: 'acme',
      name: 'Acme',
      signIn: { google: { domains: ['acme.example'] } },
      members: ['ann', 'una', 'dan'].map((name) => ({
        id: `member-${name}`,
        email: `${name}@acme.example`,
        permissions: { members: 'admin' },
      })),
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const failed = `${spa}/sign-in?error=sign_in_failed`;
  const expired = `${spa}/sign-in?error=sign_in_expired`;
  const query = (email: string) => ({ provider: 'google' as const, organization: 'acme', login_hint: email });
  /** Each refusal counts towards the address's failed sign-ins: tests that refuse use their own address. */
  const signIn = (email: string, localAddress = '127.0.0.1') =>
    signInWithoutBrowser(host.url, query(email), { localAddress });
  const refresh = (cookie: string) => refreshWith(host, cookie);

  const auditRecords = (action: string) =>
    auditRecordsOf<{
      actor: { id: string };
      target: { id: string };
      details: Record<string, string>;
      userAgent: string;
    }>(data, 'org-acme', action);
  const refusalReasons = async () => (await auditRecords('auth.sign-in-failed')).map((r) => r.details.reason);

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
    expect(await auditRecords('auth.signed-in')).not.toEqual([]);
    const history = (await (
      await fetch(`${host.url}/api/me/sign-ins`, { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()) as { items: unknown[] };
    expect(history.items[0]).toMatchObject({ result: 'signed-in', provider: 'google', ip: expect.any(String) });
  });

  it('refuses an account from a Google domain the organisation did not allow, saying only that sign-in failed', async () => {
    const outcome = await signIn('sly@other.example', '127.0.0.21');
    expect(outcome).toEqual({ landedAt: failed });
    expect(await refusalReasons()).toContain('not-allowed');
  });

  it('refuses an unverified email and a person who is not a member, and audits both', async () => {
    expect((await signIn('una@acme.example', '127.0.0.22')).landedAt).toBe(failed);
    expect((await signIn('nemo@acme.example', '127.0.0.22')).landedAt).toBe(failed);
    expect(await refusalReasons()).toEqual(expect.arrayContaining(['unverified-email', 'not-a-member']));
  });

  it('a replayed callback is refused', async () => {
    const options = { localAddress: '127.0.0.23' };
    const { jar, callbackUrl } = await startSignIn(host.url, query('ann@acme.example'), options);
    const kept = new Map(jar);
    expect((await finishSignIn(callbackUrl!, jar, options)).landedAt).toBe(`${spa}/`);
    const replay = await finishSignIn(callbackUrl!, kept, options);
    expect(replay).toEqual({ landedAt: expired });
  });

  it('a forged state never reaches the provider exchange', async () => {
    const response = await getFromApi(`${host.url}/api/auth/callback?state=${'x'.repeat(43)}&code=abc`, new Map(), {
      localAddress: '127.0.0.23',
    });
    expect(response.location).toBe(expired);
  });

  describe('login cross-site request forgery: the callback must come from the browser that began the sign-in', () => {
    it('sets a short-lived __Host- cookie at login, HttpOnly, Secure and SameSite=Lax', async () => {
      const jar: CookieJar = new Map();
      const login = await getFromApi(
        `${host.url}/api/auth/login?${new URLSearchParams(query('ann@acme.example')).toString()}`,
        jar,
      );
      const cookie = login.setCookies.find((line) => line.startsWith('__Host-ledgerline-sign-in='));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/; Path=\/;/);
      expect(cookie).toMatch(/; Max-Age=600\b/);
      expect(cookie).toMatch(/; HttpOnly\b/);
      expect(cookie).toMatch(/; Secure\b/);
      expect(cookie).toMatch(/; SameSite=Lax\b/);
      expect(cookie).not.toMatch(/Domain=/i);
    });

    it("refuses a callback completed in another cookie jar, plants no session, and the first browser's still works", async () => {
      const options = { localAddress: '127.0.0.24' };
      // The attacker signs in as themselves and hands the callback URL to the victim's browser.
      const attacker = await startSignIn(host.url, query('ann@acme.example'), options);
      const victim: CookieJar = new Map();
      const planted = await finishSignIn(attacker.callbackUrl!, victim, options);
      expect(planted).toEqual({ landedAt: failed });
      expect(victim.size).toBe(0);

      // A victim who is mid-sign-in themselves carries a binding cookie, just not this one.
      const busyVictim = (await startSignIn(host.url, query('ann@acme.example'), options)).jar;
      expect(await finishSignIn(attacker.callbackUrl!, busyVictim, options)).toEqual({ landedAt: failed });
      expect(busyVictim.has('__Host-ledgerline-sign-in')).toBe(false);
      expect(await refusalReasons()).toContain('browser-mismatch');

      const own = await finishSignIn(attacker.callbackUrl!, attacker.jar, options);
      expect(own.landedAt).toBe(`${spa}/`);
      expect(own.refreshCookie).toBeDefined();
      expect(attacker.jar.has('__Host-ledgerline-sign-in')).toBe(false);
    });
  });

  it('an unknown organisation lands on the SPA exactly as a refused sign-in does, without JSON', async () => {
    const response = await getFromApi(
      `${host.url}/api/auth/login?provider=google&organization=nope&login_hint=ann@acme.example`,
      new Map(),
      { localAddress: '127.0.0.25' },
    );
    expect(response.status).toBe(302);
    expect(response.location).toBe(failed);
    expect(response.body).toBe('');
    expect(response.setCookies).toEqual([]);
    // The same landing as a known organisation refusing someone.
    expect((await signIn('sly@other.example', '127.0.0.25')).landedAt).toBe(response.location);
  });

  it('a malformed sign-in request is still a clear 400', async () => {
    const badProvider = await fetch(`${host.url}/api/auth/login?provider=okta&organization=acme`, {
      redirect: 'manual',
    });
    expect(await badProvider.json()).toMatchObject({ errors: [{ field: 'provider' }] });
  });

  it('keeps at most 512 characters of the user agent with the session, the audit record and the sign-in history', async () => {
    const userAgent = `Mozilla/5.0 ${'y'.repeat(4000)}`;
    const outcome = await signInWithoutBrowser(host.url, query('ann@acme.example'), { userAgent });
    const sessionId = outcome.refreshCookie!.split('.')[1]!;
    const { resource: session } = await data.item(sessionId, 'org-acme').read<{ userAgent: string }>();
    expect(session!.userAgent).toBe(userAgent.slice(0, 512));
    const signedIn = (await auditRecords('auth.signed-in')).at(-1)!;
    expect(signedIn.userAgent).toBe(userAgent.slice(0, 512));
    const { accessToken } = (await (await refresh(outcome.refreshCookie!)).json()) as { accessToken: string };
    const history = (await (
      await fetch(`${host.url}/api/me/sign-ins`, { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()) as { items: Array<{ userAgent: string }> };
    expect(history.items[0]!.userAgent).toBe(userAgent.slice(0, 512));
  });

  it('a user disabled in the directory loses access at the next refresh', async () => {
    const outcome = await signIn('dan@acme.example');
    expect((await refresh(outcome.refreshCookie!)).status).toBe(200);
    // The cookie rotated: take the new one from a fresh sign-in instead of tracking it.
    const again = await signIn('dan@acme.example');
    app.idp.directory.disable('dan@acme.example');

    const refused = await refresh(again.refreshCookie!);

    expect(refused.status).toBe(401);
    expect((await auditRecords('session.directory-disabled')).length).toBe(1);
    expect((await signIn('dan@acme.example', '127.0.0.26')).landedAt).toBe(failed);
    expect(await refusalReasons()).toContain('provider-error');
  });
});
