import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
/**
 * Signs in the way a browser would, without one: follows the redirects of the authorization
 * code flow by hand, keeping the API's cookies in a jar as a browser does (the sign-in binding
 * cookie set by /auth/login must come back to /auth/callback), with the local provider
 * choosing the user by login_hint. The README shows the same steps with curl.
 */
export interface SignInOutcome {
  /** Where the flow ended (the SPA, with ?error=... on refusal). */
  readonly landedAt: string;
  readonly refreshCookie?: string;
  /** The refresh cookie's full Set-Cookie line. */
  readonly setCookie?: string;
}

export interface SignInOptions {
  /** Lets requests to a local HTTPS provider trust its certificate. */
  readonly ca?: string;
  readonly userAgent?: string;
  /** Sends requests to the API from this loopback address, so the API sees another client. */
  readonly localAddress?: string;
}

/** What /auth/login is asked: an organisation to sign in to, or platform administration (operators). */
export type SignInQuery = { provider: 'google' | 'entra'; login_hint: string } & (
  { organization: string; impersonation_reason?: string } | { administration: 'true' }
);

/** The API's cookies by name, as a browser keeps them for the API's origin. */
export type CookieJar = Map<string, string>;

export interface Hop {
  readonly status: number;
  readonly location?: string;
  readonly setCookies: readonly string[];
  readonly body: string;
}

/** One GET without following redirects. */
export function get(
  url: string,
  options: SignInOptions & { cookie?: string; useLocalAddress?: boolean } = {},
): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.userAgent ? { 'user-agent': options.userAgent } : {}),
    };
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(
      url,
      {
        method: 'GET',
        headers,
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.useLocalAddress && options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body,
            setCookies: response.headers['set-cookie'] ?? [],
            ...(response.headers.location ? { location: response.headers.location } : {}),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** A GET to the API, sending the jar's cookies and keeping what the API sets or clears. */
export async function getFromApi(url: string, jar: CookieJar, options: SignInOptions = {}): Promise<Hop> {
  const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const hop = await get(url, { ...options, useLocalAddress: true, ...(cookie ? { cookie } : {}) });
  for (const line of hop.setCookies) {
    const [pair = ''] = line.split(';');
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    if (/;\s*Max-Age=0\b/i.test(line) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
  return hop;
}

/**
 * Starts sign-in and lets the provider authenticate: the result is the callback URL the
 * provider sent the browser to, and the jar /auth/login filled. A sign-in refused before the
 * provider (an unknown organisation) ends on the SPA instead.
 */
export async function startSignIn(
  apiUrl: string,
  query: SignInQuery,
  options: SignInOptions = {},
): Promise<{ jar: CookieJar; callbackUrl?: string; landedAt?: string }> {
  const jar: CookieJar = new Map();
  const login = await getFromApi(`${apiUrl}/api/auth/login?${new URLSearchParams(query).toString()}`, jar, options);
  if (login.status !== 302 || !login.location) throw new Error(`login answered ${login.status}: ${login.body}`);
  if (!login.location.includes('/authorize')) return { jar, landedAt: login.location };
  const authorize = await get(login.location, options);
  if (authorize.status !== 302 || !authorize.location)
    throw new Error(`the provider answered ${authorize.status}: ${authorize.body}`);
  return { jar, callbackUrl: authorize.location };
}

/** Completes sign-in at the callback with the given jar (another browser's, to test binding). */
export async function finishSignIn(
  callbackUrl: string,
  jar: CookieJar,
  options: SignInOptions = {},
): Promise<SignInOutcome> {
  const callback = await getFromApi(callbackUrl, jar, options);
  if (callback.status !== 302 || !callback.location)
    throw new Error(`the callback answered ${callback.status}: ${callback.body}`);
  const line = callback.setCookies.find((c) => c.startsWith('__Host-ledgerline-refresh=') && !/Max-Age=0\b/.test(c));
  return {
    landedAt: callback.location,
    ...(line ? { refreshCookie: line.split(';')[0]!.slice('__Host-ledgerline-refresh='.length), setCookie: line } : {}),
  };
}

export async function signInWithoutBrowser(
  apiUrl: string,
  query: SignInQuery,
  options: SignInOptions = {},
): Promise<SignInOutcome> {
  const started = await startSignIn(apiUrl, query, options);
  if (!started.callbackUrl) return { landedAt: started.landedAt! };
  return finishSignIn(started.callbackUrl, started.jar, options);
}
