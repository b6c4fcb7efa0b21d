import { z } from 'zod';
import { refreshCookieName } from '../../shared/identity/refresh-tokens';
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
  query: z.object({
    provider: z.enum(['entra', 'google']),
    organization: z.string().regex(/^[a-z0-9-]{2,63}$/, 'an organisation slug'),
    login_hint: z.email().optional(),
    /** Platform operators only: why they need to look into this organisation (audited). */
    impersonation_reason: z.string().trim().min(10).max(300).optional(),
  }),
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
  // Loose on purpose, the one route that is: providers append parameters of their own
  // (Entra `session_state`, Google `scope`, `authuser`, `hd`, `prompt`), and a refused callback
  // would strand the member mid-sign-in. Only the named ones are read.
  query: z.looseObject({
    state: z.string().max(100),
    code: z.string().max(2048).optional(),
    error: z.string().max(200).optional(),
  }),
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
        cookies: [
          {
            name: refreshCookieName,
            value: refreshToken,
            path: '/',
            httpOnly: true,
            secure: true,
            sameSite: 'Strict',
            maxAge,
          },
        ],
      };
    } catch (error) {
      if (!(error instanceof SignInRefused)) throw error;
      ctx.logger.warn('sign-in refused', { reason: error.reason });
      await countFailedAttempt(ctx, `sign-in refused: ${error.reason}`);
      return { status: 302, headers: { location: new URL(`/sign-in?error=${error.reason}`, spa).toString() } };
    }
  },
});
