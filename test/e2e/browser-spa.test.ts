import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/emulators/free-port';
import { localCertificate, type LocalCertificate } from '../../local/emulators/local-certificate';
import { startOidcProvider, type OidcProvider } from '../../local/emulators/oidc';
import { serveDemoSpa, type DemoSpa } from '../../local/spa/serve';
import { refreshCookieName } from '../../shared/identity/refresh-tokens';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { seedSignInOrganisation } from '../harness/sign-in-app';
import { startHostedApp, type RunningHost } from '../harness/local-host';

const chromiumPath = '/usr/bin/chromium';
/** What these machines need: no sandbox (root in a container), no GPU, nothing phoning home. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium's pin format: base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo. */
function spkiPin(certificatePem: string): string {
  const spki = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface RefreshSeen {
  readonly origin: string | undefined;
  readonly status: number;
  readonly cookieSent: boolean;
}

describe('a real browser using the API from the SPA origin, and from another origin', () => {
  let certificate: LocalCertificate;
  let idp: OidcProvider;
  let host: RunningHost;
  let spa: DemoSpa;
  let elsewhere: DemoSpa;
  let context: BrowserContext;
  let page: Page;
  let api: string;
  /** Every URL the browser requested or navigated to, redirects included. */
  const visited: string[] = [];
  const accessTokens: string[] = [];
  /** Successful /api/me answers the browser received (only the SPA page ever gets one). */
  let profilesReceived = 0;
  const networkCalls = new Map<string, { refresh?: boolean; origin?: string; cookieSent?: boolean; status?: number }>();
  let networkSessions = 0;

  const refreshCookie = async () => (await context.cookies(api)).find((cookie) => cookie.name === refreshCookieName);
  const hostLines = (pattern: RegExp) =>
    host
      .output()
      .split('\n')
      .filter((line) => pattern.test(line)).length;

  async function record(request: Request): Promise<void> {
    visited.push(request.url());
    if (!request.url().startsWith(`${api}/api/auth/refresh`)) return;
    const response = await request.response();
    if (response?.ok()) accessTokens.push(((await response.json()) as { accessToken: string }).accessToken);
  }

  /**
   * Refresh calls as the network saw them, through the DevTools protocol: for a response CORS
   * keeps from the page, Playwright reports no status or sent headers, and these are the proof.
   * The protocol's ExtraInfo events come in any order, so a call counts once all have arrived.
   */
  async function watchRefreshes(target: Page): Promise<void> {
    const cdp = await context.newCDPSession(target);
    const session = networkSessions++;
    const call = (requestId: string) => {
      const key = `${session}:${requestId}`;
      return networkCalls.get(key) ?? networkCalls.set(key, {}).get(key)!;
    };
    cdp.on('Network.requestWillBeSent', (event) => {
      call(event.requestId).refresh = event.request.url.startsWith(`${api}/api/auth/refresh`);
    });
    cdp.on('Network.requestWillBeSentExtraInfo', (event) => {
      const sent = Object.fromEntries(
        Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      Object.assign(call(event.requestId), {
        origin: sent.origin,
        cookieSent: (sent.cookie ?? '').includes(`${refreshCookieName}=`),
      });
    });
    cdp.on('Network.responseReceivedExtraInfo', (event) => {
      call(event.requestId).status = event.statusCode;
    });
    await cdp.send('Network.enable');
  }

  /** Every refresh call whose request and response both arrived, in the order they started. */
  const refreshes = (): RefreshSeen[] =>
    [...networkCalls.values()]
      .filter((seen) => seen.refresh && seen.status !== undefined && seen.origin !== undefined)
      .map((seen) => ({ origin: seen.origin, status: seen.status!, cookieSent: seen.cookieSent === true }));

  /** The refresh calls after the first `count`, once there are at least `atLeast` of them. */
  const refreshesAfter = (count: number, atLeast = 1) =>
    eventually(() => (refreshes().length >= count + atLeast ? refreshes().slice(count) : undefined));

  beforeAll(async () => {
    if (!existsSync(chromiumPath))
      throw new Error(
        `${chromiumPath} is missing: apt-get install -y chromium (.ci/run installs it on a fresh machine)`,
      );
    // The local provider speaks HTTPS (as Google and Entra do) with a certificate made for this run.
    certificate = await localCertificate(mkdtempSync(join(tmpdir(), 'browser-spa-tls-')));
    idp = await startOidcProvider({
      tls: certificate,
      users: [{ email: 'ann@acme.example', name: 'Ann Admin', google: { hd: 'acme.example' } }],
    });
    const apiPort = await freePort();
    const spaPort = await freePort();
    const otherPort = await freePort();
    // Three origins on one site (localhost): the SameSite=Strict cookie travels to the API from
    // both pages, so what refuses the other page is CORS and the API's Origin check, nothing else.
    api = `http://localhost:${apiPort}`;
    host = await startHostedApp({
      entry: 'functions/index.ts',
      port: apiPort,
      env: {
        ...generateDevelopmentSecrets(),
        SPA_URL: `http://localhost:${spaPort}`,
        PUBLIC_API_URL: api,
        GOOGLE_CLIENT_ID: 'ledgerline-browser-test',
        GOOGLE_ISSUER: idp.issuerUrl,
        NODE_EXTRA_CA_CERTS: certificate.trustBundleFile,
      },
    });
    await seedSignInOrganisation(host.containers, {
      tenantId: 'org-acme',
      slug: 'acme',
      name: 'Acme',
      signIn: { google: { domains: ['acme.example'] } },
      members: [
        { id: 'member-ann', email: 'ann@acme.example', displayName: 'Ann Admin', permissions: { members: 'admin' } },
      ],
    });

    const folder = resolve(__dirname, '../../local/spa');
    const examples = [
      { label: 'Ann', provider: 'google' as const, organization: 'acme', loginHint: 'ann@acme.example' },
    ];
    spa = await serveDemoSpa({ folder, apiUrl: api, port: spaPort, examples });
    elsewhere = await serveDemoSpa({ folder, apiUrl: api, port: otherPort });

    // Trust exactly the local provider's key (Chromium's SPKI pin list, honoured with a
    // user-data dir) rather than ignoring certificate errors everywhere: the browser still
    // refuses any other bad certificate, and the provider's is checked like a real one's.
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'browser-spa-profile-')), {
      executablePath: chromiumPath,
      headless: true,
      args: [...chromiumArgs, `--ignore-certificate-errors-spki-list=${spkiPin(certificate.certificate)}`],
    });
    context.on('request', (request) => void record(request));
    context.on('framenavigated', (frame) => visited.push(frame.url()));
    context.on('response', (response) => {
      if (response.url() === `${api}/api/me` && response.status() === 200) profilesReceived += 1;
    });
    page = context.pages()[0] ?? (await context.newPage());
    await watchRefreshes(page);
  });
  afterAll(async () => {
    await context?.close();
    await Promise.all([spa?.stop(), elsewhere?.stop(), host?.stop(), idp?.stop()]);
  });

  it('signs in through the redirect flow, lands back on the SPA and shows the profile from /api/me', async () => {
    await page.goto(spa.url);
    await page.locator('body[data-state="signed-out"]').waitFor();
    // Before sign-in the page's refresh carries no cookie and is refused.
    expect(await refreshesAfter(0)).toEqual([{ origin: spa.url, status: 401, cookieSent: false }]);
    await page.getByRole('button', { name: 'Sign in as Ann' }).click();
    await page.locator('body[data-state="signed-in"]').waitFor();

    expect(page.url()).toBe(`${spa.url}/`);
    const profile = JSON.parse((await page.locator('#profile').textContent()) ?? '{}') as Record<string, unknown>;
    expect(profile).toMatchObject({ memberId: 'member-ann', organization: { id: 'org-acme' }, kind: 'member' });
    // A custom response header, readable cross-origin only because the API exposes it.
    expect(await page.locator('#idle').textContent()).toMatch(/^Signed out after \d+ seconds without activity$/);
    const hops = visited.map((url) => new URL(url)).map((url) => `${url.origin}${url.pathname}`);
    expect(hops).toEqual(
      expect.arrayContaining([
        `${api}/api/auth/login`,
        `${idp.issuerUrl}/authorize`,
        `${api}/api/auth/callback`,
        `${spa.url}/`,
      ]),
    );
    expect(await refreshesAfter(1)).toEqual([{ origin: spa.url, status: 200, cookieSent: true }]);
  });

  it('keeps every token out of URLs and script-readable storage; the refresh cookie is HttpOnly', async () => {
    const cookie = await refreshCookie();
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    const secrets = [...accessTokens, cookie!.value];
    expect(accessTokens.length).toBeGreaterThan(0);
    for (const url of visited) {
      for (const secret of secrets) expect(url).not.toContain(secret);
      expect(url).not.toMatch(/eyJ[\w-]+\.eyJ|access_token|id_token|refresh_token/);
    }
    const readable = await page.evaluate(() => ({
      local: Object.entries(localStorage),
      session: Object.entries(sessionStorage),
      // Runs in the page; this file is type-checked without the DOM library.
      cookie: (globalThis as unknown as { document: { cookie: string } }).document.cookie,
    }));
    expect(readable.local).toEqual([]);
    expect(readable.session).toEqual([]);
    expect(readable.cookie).not.toContain(refreshCookieName);
    for (const secret of secrets) expect(JSON.stringify(readable)).not.toContain(secret);
  });

  it('refreshes from the SPA origin with credentials: the cookie rotates and the new token works', async () => {
    const before = (await refreshCookie())!.value;
    const count = refreshes().length;
    const tokens = accessTokens.length;
    const profiles = profilesReceived;
    await page.getByRole('button', { name: 'Refresh the access token' }).click();
    expect(await refreshesAfter(count)).toEqual([{ origin: spa.url, status: 200, cookieSent: true }]);
    await eventually(() => (accessTokens.length > tokens && profilesReceived > profiles ? true : undefined));
    await page.locator('body[data-state="signed-in"]').waitFor();
    expect((await refreshCookie())!.value).not.toBe(before);
  });

  it('refuses a page on another origin: the browser blocks its calls and the cookie does not rotate', async () => {
    const before = (await refreshCookie())!.value;
    const token = accessTokens.at(-1)!;
    const profileReads = /me-profile GET \/api\/me 200/;
    // The host logs after answering: first let it catch up with every profile the SPA received.
    await eventually(() => (hostLines(profileReads) === profilesReceived ? true : undefined));
    const count = refreshes().length;
    const other = await context.newPage();
    await watchRefreshes(other);
    await other.goto(elsewhere.url);
    // Its own script tries to refresh on load, like the SPA, and gets nothing.
    await other.locator('body[data-state="signed-out"]').waitFor();
    expect(await other.locator('#status').textContent()).toMatch(/could not be reached or refused/);

    const attempts = await other.evaluate(
      async ({ apiUrl, accessToken }) => {
        const attempt = async (call: () => Promise<Response>) => {
          try {
            return `answered ${(await call()).status}`;
          } catch (error) {
            return `rejected ${(error as Error).name}`;
          }
        };
        return {
          refresh: await attempt(() => fetch(`${apiUrl}/api/auth/refresh`, { method: 'POST', credentials: 'include' })),
          logout: await attempt(() => fetch(`${apiUrl}/api/auth/logout`, { method: 'POST', credentials: 'include' })),
          me: await attempt(() => fetch(`${apiUrl}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } })),
        };
      },
      { apiUrl: api, accessToken: token },
    );
    expect(attempts).toEqual({ refresh: 'rejected TypeError', logout: 'rejected TypeError', me: 'rejected TypeError' });

    // Both refreshes (on load and the explicit one) reached the API with the cookie (same site),
    // and the API refused them itself, as it refused the logout.
    const refused = { origin: elsewhere.url, status: 403, cookieSent: true };
    expect(await refreshesAfter(count, 2)).toEqual([refused, refused]);
    expect(hostLines(/auth-logout POST \/api\/auth\/logout 403/)).toBe(1);
    // /api/me with a valid token never got past the preflight, which the host answered without CORS headers.
    await eventually(() =>
      hostLines(new RegExp(`host CORS preflight /api/me from ${elsewhere.url} 204 \\(origin not allowed\\)`)) > 0
        ? true
        : undefined,
    );
    expect(hostLines(profileReads)).toBe(profilesReceived);
    expect((await refreshCookie())!.value).toBe(before);
    await other.close();

    // The session is intact: the SPA refreshes with the cookie it has (a rotated-away one would
    // now count as reuse and end the session).
    const afterAttack = refreshes().length;
    await page.getByRole('button', { name: 'Refresh the access token' }).click();
    expect(await refreshesAfter(afterAttack)).toEqual([{ origin: spa.url, status: 200, cookieSent: true }]);
    await page.locator('body[data-state="signed-in"]').waitFor();
  });
});
