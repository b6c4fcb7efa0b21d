/**
 * Signs in the way a browser would, without one: follows the redirects of the authorization
 * code flow by hand, keeping cookies, with the local provider choosing the user by login_hint.
 * The README shows the same steps with curl.
 */
export interface SignInOutcome {
  /** Where the flow ended (the SPA, with ?error=... on refusal). */
  readonly landedAt: string;
  readonly refreshCookie?: string;
}

export async function signInWithoutBrowser(apiUrl: string, query: { provider: 'google' | 'entra'; organization: string; login_hint: string }): Promise<SignInOutcome> {
  let url = `${apiUrl}/api/auth/login?${new URLSearchParams(query).toString()}`;
  let refreshCookie: string | undefined;
  for (let hop = 0; hop < 5; hop += 1) {
    const response = await fetch(url, { redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('__Host-ledgerline-refresh=')) refreshCookie = setCookie.split(';')[0]!.slice('__Host-ledgerline-refresh='.length);
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) throw new Error(`sign-in stopped at ${url} with ${response.status}: ${await response.text()}`);
    if (!location.startsWith(apiUrl) && !location.includes('/authorize')) return { landedAt: location, ...(refreshCookie ? { refreshCookie } : {}) };
    url = location;
  }
  throw new Error('sign-in did not finish in five redirects');
}
