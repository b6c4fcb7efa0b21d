import { createHash, timingSafeEqual } from 'node:crypto';
import { DocumentChangedError } from '../platform/errors';
import type { RouteCookie } from '../platform/http/route-result';
import type { IdentityDependencies } from './identity-dependencies';
import { newPkce, randomToken } from './oidc-provider';
import { SignInRefused } from './sign-in-refused';

export type ProviderName = 'google' | 'entra';

/**
 * The browser that began a sign-in holds this cookie's value; the pending sign-in keeps only
 * its hash. The callback is honoured only with the matching cookie, so a callback URL started
 * by one browser and opened in another (login CSRF: an attacker's sign-in planted in the
 * victim's browser) is refused.
 */
export const signInCookieName = '__Host-ledgerline-sign-in';
/** PKCE, state, nonce and the browser binding live ten minutes, as does the cookie. */
export const pendingSeconds = 10 * 60;

/**
 * SameSite=Lax, not Strict: the provider sends the browser back to the callback with a
 * cross-site top-level navigation, on which a Strict cookie is not sent (a Lax one is, for
 * top-level GETs, and for nothing else cross-site). `__Host-`: Secure, Path=/, no Domain, so no
 * other host or plain-HTTP page can set or overwrite it. HttpOnly: script has no use for it.
 */
export function signInCookie(value: string, maxAge: number): RouteCookie {
  return { name: signInCookieName, value, path: '/', httpOnly: true, secure: true, sameSite: 'Lax', maxAge };
}

export interface PendingSignIn {
  readonly tenantId: string;
  readonly provider: ProviderName;
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly browserBindingHash: string;
  readonly expiresAt: string;
  readonly used?: true;
  /** Set when a platform operator asked to look into the organisation, with their stated reason. */
  readonly impersonation?: { readonly reason: string };
  /** An operator signing in for platform administration (the tenant is the platform's own). */
  readonly administration?: true;
}

const hash = (value: string) => createHash('sha256').update(value).digest();

/** Stores a new pending sign-in; the state, nonce and challenge go to the provider, the binding to the browser. */
export async function openPendingSignIn(
  deps: Pick<IdentityDependencies, 'platform' | 'clock'>,
  input: { tenantId: string; provider: ProviderName; impersonation?: { reason: string }; administration?: true },
): Promise<{ state: string; nonce: string; codeChallenge: string; browserBinding: string }> {
  const state = randomToken();
  const nonce = randomToken();
  const browserBinding = randomToken();
  const pkce = newPkce();
  const pending: PendingSignIn = {
    tenantId: input.tenantId,
    provider: input.provider,
    codeVerifier: pkce.verifier,
    nonce,
    browserBindingHash: hash(browserBinding).toString('hex'),
    expiresAt: new Date(deps.clock.now().getTime() + pendingSeconds * 1000).toISOString(),
    ...(input.impersonation ? { impersonation: input.impersonation } : {}),
    ...(input.administration ? { administration: true as const } : {}),
  };
  await deps.platform.openPendingSignIn(state, pending, pendingSeconds);
  return { state, nonce, codeChallenge: pkce.challenge, browserBinding };
}

/**
 * Takes a pending sign-in exactly once (a replayed callback finds it used), and only for the
 * browser that began it. A callback from another browser does not use it up: that would let
 * anyone holding a leaked callback URL spoil the rightful browser's sign-in.
 */
export async function takePendingSignIn(
  deps: Pick<IdentityDependencies, 'platform' | 'clock'>,
  state: string,
  browserBinding: string | undefined,
): Promise<PendingSignIn> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(state)) throw new SignInRefused('expired');
  const pending = await deps.platform.findPendingSignIn(state);
  if (!pending || pending.used || Date.parse(pending.expiresAt) <= deps.clock.now().getTime())
    throw new SignInRefused('expired');
  const presented = hash(browserBinding ?? '');
  const expected = Buffer.from(pending.browserBindingHash, 'hex');
  if (!browserBinding || expected.length !== presented.length || !timingSafeEqual(expected, presented))
    throw new SignInRefused('browser-mismatch', pending.tenantId);
  try {
    await deps.platform.usePendingSignIn(pending);
  } catch (error) {
    // Another callback took it first: this one is a replay.
    if (error instanceof DocumentChangedError) throw new SignInRefused('expired');
    throw error;
  }
  return pending;
}
