import { refreshCookie, refreshCookieName } from '../../shared/identity/refresh-tokens';
import { assertFromSpa, logout, refreshAccess } from '../../shared/identity/token-endpoints';
import { identityDependencies } from '../../shared/identity/identity-dependencies';
import { platformDependencies } from '../../shared/platform/domain-dependencies';
import { accessGrant } from '../../shared/identity/schemas';
import { defineRoute, type RouteContext } from '../../shared/platform/http/route';
import { UnauthenticatedError } from '../../shared/platform/errors';
import { countFailedAttempt, refuseBlockedAddress } from '../../shared/identity/sign-in-guard';

const identity = (ctx: RouteContext) => identityDependencies(platformDependencies(ctx.services));
const client = (ctx: RouteContext) => ({ ip: ctx.clientIp, userAgent: ctx.userAgent, origin: ctx.origin });

defineRoute({
  name: 'auth-refresh',
  method: 'POST',
  route: 'auth/refresh',
  access: { public: true, reason: 'the caller proves itself with the refresh cookie, not an access token' },
  lockdownExempt: 'reads stay open in a lockdown, and reading needs a fresh access token',
  rateLimit: 'authentication',
  response: accessGrant,
  handler: async (ctx) => {
    assertFromSpa(ctx.origin, ctx.services.settings.SPA_URL);
    await refuseBlockedAddress(identity(ctx), ctx);
    try {
      const directory = { providers: ctx.services.identityProviders, fieldCrypto: ctx.services.fieldCrypto };
      const { refreshToken, refreshTokenMaxAge, ...body } = await refreshAccess(
        identity(ctx),
        ctx.services.accessTokens,
        ctx.cookies[refreshCookieName],
        client(ctx),
        directory,
      );
      return { status: 200, body, cookies: [refreshCookie(refreshToken, refreshTokenMaxAge)] };
    } catch (error) {
      if (error instanceof UnauthenticatedError) {
        ctx.logger.warn('refresh refused', { reason: error.message });
        await countFailedAttempt(identity(ctx), ctx, `refresh refused: ${error.message}`);
      }
      throw error;
    }
  },
});

defineRoute({
  name: 'auth-logout',
  method: 'POST',
  route: 'auth/logout',
  access: { public: true, reason: 'ends the session named by the refresh cookie; needs no access token' },
  lockdownExempt: 'signing out only takes access away',
  rateLimit: 'authentication',
  response: { 204: null },
  handler: async (ctx) => {
    assertFromSpa(ctx.origin, ctx.services.settings.SPA_URL);
    const outcome = await logout(identity(ctx), ctx.cookies[refreshCookieName], client(ctx));
    // The same answer either way; a forgery still counts against the address like a failed refresh.
    if (outcome === 'forged') await countFailedAttempt(identity(ctx), ctx, 'logout with a forged refresh token');
    return { status: 204, cookies: [refreshCookie('', 0)] };
  },
});
