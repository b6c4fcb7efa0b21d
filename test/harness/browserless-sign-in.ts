import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
/**
 * Signs in the way a browser would, without one: follows the redirects of the authorization
 * code flow by hand, keeping cookies, with the local provider choosing the user by login_hint.
 * The README shows the same steps with curl.
 */
export interface SignInOutcome {
  /** Where the flow ended (the SPA, with ?error=... on refusal). */
  readonly landedAt: string;
  readonly refreshCookie?: string;
  /** The refresh cookie's full Set-Cookie line. */
  readonly setCookie?: string;
}

interface Hop {
  readonly status: number;
  readonly location?: string;
  readonly setCookie?: string;
  readonly body: string;
}

/** One request without following redirects; `ca` lets it trust a local HTTPS provider. */
function get(url: string, ca?: string): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(
      url,
      { method: 'GET', ...(ca ? { ca } : {}) },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          const cookie = response.headers['set-cookie']?.[0];
          resolve({
            status: response.statusCode ?? 0,
            body,
            ...(response.headers.location ? { location: response.headers.location } : {}),
            ...(cookie ? { setCookie: cookie } : {}),
          });
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

export async function signInWithoutBrowser(
  apiUrl: string,
  query: { provider: 'google' | 'entra'; organization: string; login_hint: string; impersonation_reason?: string },
  options: { ca?: string } = {},
): Promise<SignInOutcome> {
  let url = `${apiUrl}/api/auth/login?${new URLSearchParams(query).toString()}`;
  let refreshCookie: string | undefined;
  for (let hop = 0; hop < 5; hop += 1) {
    const response = await get(url, options.ca);
    const setCookie = response.setCookie;
    let cookieLine: string | undefined;
    if (setCookie?.startsWith('__Host-ledgerline-refresh=')) {
      refreshCookie = setCookie.split(';')[0]!.slice('__Host-ledgerline-refresh='.length);
      cookieLine = setCookie;
    }
    const location = response.location;
    if (response.status !== 302 || !location)
      throw new Error(`sign-in stopped at ${url} with ${response.status}: ${response.body}`);
    if (!location.startsWith(apiUrl) && !location.includes('/authorize')) {
      return {
        landedAt: location,
        ...(refreshCookie ? { refreshCookie } : {}),
        ...(cookieLine ? { setCookie: cookieLine } : {}),
      };
    }
    url = location;
  }
  throw new Error('sign-in did not finish in five redirects');
}
