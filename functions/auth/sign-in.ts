import { refreshCookie } from '../../shared/identity/refresh-tokens';
import { callbackQuery, loginQuery } from '../../shared/identity/schemas';
import { beginSignIn, completeSignIn, SignInRefused, type SignInDependencies } from '../../shared/identity/sign-in';
import { defineRoute, type RouteContext } from '../../shared/platform/http/route';
import { countFailedAttempt, refuseBlockedAddress } from '../../shared/identity/sign-in-guard';

const signInDeps = ({ services }: RouteContext): SignInDependencies => ({
  tenantData: services.containers.tenantData,
  platform: services.containers.platform,
  clock: services.clock,
  ids: services.ids,
  fieldCrypto: services.fieldCrypto,
  providers: services.identityProviders,
  operatorTenantIds: services.settings.OPERATOR_ENTRA_TENANT_IDS,
});

defineRoute({
  name: 'auth-login',
  method: 'GET',
  route: 'auth/login',
  access: { public: true, reason: 'starts sign-in with the organisation identity provider; nobody is signed in yet' },
  rateLimit: 'authentication',
  query: loginQuery,
  response: { 302: null },
  handler: async (ctx, { query }) => {
    await refuseBlockedAddress(ctx);
    const location = await beginSignIn(signInDeps(ctx), {
      provider: query.provider,
      organizationSlug: query.organization,
      ...(query.login_hint ? { loginHint: query.login_hint } : {}),
      ...(query.impersonation_reason ? { impersonationReason: query.impersonation_reason } : {}),
    });
    return { status: 302, headers: { location } };
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
    await refuseBlockedAddress(ctx);
    try {
      const { refreshToken, maxAge } = await completeSignIn(signInDeps(ctx), query, {
        ip: ctx.clientIp,
        ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}),
      });
      // Nothing secret in the URL: the SPA calls /api/auth/refresh, which reads the cookie.
      return {
        status: 302,
        headers: { location: new URL('/', spa).toString() },
        cookies: [refreshCookie(refreshToken, maxAge)],
      };
    } catch (error) {
      if (!(error instanceof SignInRefused)) throw error;
      ctx.logger.warn('sign-in refused', { reason: error.reason });
      await countFailedAttempt(ctx, `sign-in refused: ${error.reason}`);
      return { status: 302, headers: { location: new URL(`/sign-in?error=${error.reason}`, spa).toString() } };
    }
  },
});
