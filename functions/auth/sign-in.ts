import { refreshCookie } from '../../shared/identity/refresh-tokens';
import { callbackQuery, loginQuery } from '../../shared/identity/schemas';
import { beginSignIn, completeSignIn, type SignInDependencies } from '../../shared/identity/sign-in';
import { publicSignInError, SignInRefused } from '../../shared/identity/sign-in-refused';
import { pendingSeconds, signInCookie, signInCookieName } from '../../shared/identity/sign-in-transaction';
import { identityDependencies } from '../../shared/identity/identity-dependencies';
import { platformDependencies } from '../../shared/platform/domain-dependencies';
import { defineRoute, type RouteContext } from '../../shared/platform/http/route';
import type { RouteCookie, RouteResult } from '../../shared/platform/http/route-result';
import { countFailedAttempt, refuseBlockedAddress } from '../../shared/identity/sign-in-guard';

const signInDeps = ({ services }: RouteContext): SignInDependencies => ({
  ...identityDependencies(platformDependencies(services)),
  fieldCrypto: services.fieldCrypto,
  providers: services.identityProviders,
  operatorTenantIds: services.settings.OPERATOR_ENTRA_TENANT_IDS,
});

/** A refused sign-in lands on the SPA with a coarse error code, counted against the address. */
async function refused(
  ctx: RouteContext,
  refusal: SignInRefused,
  cookies: RouteCookie[] = [],
): Promise<RouteResult<302, undefined>> {
  ctx.logger.warn('sign-in refused', { reason: refusal.reason });
  await countFailedAttempt(signInDeps(ctx), ctx, `sign-in refused: ${refusal.reason}`);
  const location = new URL(`/sign-in?error=${publicSignInError(refusal)}`, ctx.services.settings.SPA_URL);
  return { status: 302, headers: { location: location.toString() }, cookies };
}

defineRoute({
  name: 'auth-login',
  method: 'GET',
  route: 'auth/login',
  access: { public: true, reason: 'starts sign-in with the organisation identity provider; nobody is signed in yet' },
  rateLimit: 'authentication',
  query: loginQuery,
  response: { 302: null },
  handler: async (ctx, { query }) => {
    await refuseBlockedAddress(signInDeps(ctx), ctx);
    try {
      const { location, browserBinding } = await beginSignIn(signInDeps(ctx), {
        provider: query.provider,
        ...(query.organization ? { organizationSlug: query.organization } : {}),
        ...(query.administration ? { administration: true as const } : {}),
        ...(query.login_hint ? { loginHint: query.login_hint } : {}),
        ...(query.impersonation_reason ? { impersonationReason: query.impersonation_reason } : {}),
      });
      return { status: 302, headers: { location }, cookies: [signInCookie(browserBinding, pendingSeconds)] };
    } catch (error) {
      if (error instanceof SignInRefused) return refused(ctx, error);
      throw error;
    }
  },
});

defineRoute({
  name: 'auth-callback',
  method: 'GET',
  route: 'auth/callback',
  access: {
    public: true,
    reason: 'the identity provider returns here with a one-time code bound to a pending sign-in',
  },
  rateLimit: 'authentication',
  query: callbackQuery,
  response: { 302: null },
  handler: async (ctx, { query }) => {
    const spa = ctx.services.settings.SPA_URL;
    await refuseBlockedAddress(signInDeps(ctx), ctx);
    // The binding is single-use whatever the outcome: the browser forgets it here.
    const clearBinding = signInCookie('', 0);
    try {
      const browserBinding = ctx.cookies[signInCookieName];
      const { refreshToken, maxAge } = await completeSignIn(
        signInDeps(ctx),
        { ...query, ...(browserBinding ? { browserBinding } : {}) },
        { ip: ctx.clientIp, ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}) },
      );
      // Nothing secret in the URL: the SPA calls /api/auth/refresh, which reads the cookie.
      return {
        status: 302,
        headers: { location: new URL('/', spa).toString() },
        cookies: [clearBinding, refreshCookie(refreshToken, maxAge)],
      };
    } catch (error) {
      if (error instanceof SignInRefused) return refused(ctx, error, [clearBinding]);
      throw error;
    }
  },
});
