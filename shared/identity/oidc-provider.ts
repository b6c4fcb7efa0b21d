import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { UnauthenticatedError } from '../platform/errors';
import type { OidcClient, VerifiedIdentity } from '../platform/auth/identity-ports';

export type { OidcClient, VerifiedIdentity };

/**
 * An OpenID Connect provider as a relying party sees it: discovery, the authorization URL
 * (code flow with PKCE S256, state and nonce), the code exchange, ID-token verification against
 * the provider's published keys, and a refresh that tells whether the directory still knows
 * the user. Nothing here trusts a token without checking its signature.
 */
export interface OidcClientConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly redirectUri: string;
}

interface Discovery {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
}

export function newPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function createOidcClient(config: OidcClientConfig, fetchImpl: typeof fetch = fetch): OidcClient {
  let discovery: Promise<{ meta: Discovery; keys: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const discover = () => {
    discovery ??= (async () => {
      const response = await fetchImpl(
        new URL('.well-known/openid-configuration', config.issuer.endsWith('/') ? config.issuer : `${config.issuer}/`),
      );
      if (!response.ok) throw new Error(`OpenID discovery failed with ${response.status}`);
      const meta = (await response.json()) as Discovery;
      if (meta.issuer.replace(/\/$/, '') !== config.issuer.replace(/\/$/, ''))
        throw new Error('OpenID discovery answered for another issuer');
      return { meta, keys: createRemoteJWKSet(new URL(meta.jwks_uri)) };
    })().catch((error: unknown) => {
      discovery = undefined;
      throw error;
    });
    return discovery;
  };

  async function tokenRequest(body: Record<string, string>): Promise<Response> {
    const { meta } = await discover();
    const form = new URLSearchParams({
      ...body,
      client_id: config.clientId,
      ...(config.clientSecret ? { client_secret: config.clientSecret } : {}),
    });
    return fetchImpl(meta.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
    });
  }

  return {
    async authorizationUrl({ state, nonce, codeChallenge, loginHint, extra }) {
      const { meta } = await discover();
      const url = new URL(meta.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        ...(loginHint ? { login_hint: loginHint } : {}),
        ...(extra ?? {}),
      }).toString();
      return url.toString();
    },

    async exchangeCode({ code, codeVerifier, nonce }) {
      const response = await tokenRequest({
        grant_type: 'authorization_code',
        code,
        code_verifier: codeVerifier,
        redirect_uri: config.redirectUri,
      });
      if (!response.ok) throw new UnauthenticatedError('The identity provider refused the sign-in');
      const tokens = (await response.json()) as { id_token?: string; refresh_token?: string };
      if (!tokens.id_token) throw new UnauthenticatedError('The identity provider returned no ID token');
      const { meta, keys } = await discover();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(tokens.id_token, keys, {
          issuer: meta.issuer,
          audience: config.clientId,
          algorithms: ['RS256', 'ES256', 'PS256'],
          clockTolerance: 30,
          requiredClaims: ['sub', 'exp', 'iat'],
        }));
      } catch {
        throw new UnauthenticatedError('The ID token failed verification');
      }
      if (payload.nonce !== nonce) throw new UnauthenticatedError('The ID token does not answer this sign-in (nonce)');
      if (typeof payload.email !== 'string' || typeof payload.sub !== 'string')
        throw new UnauthenticatedError('The ID token carries no email');
      return {
        subject: payload.sub,
        email: payload.email.toLowerCase(),
        emailVerified: payload.email_verified === true,
        ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
        claims: payload,
        ...(tokens.refresh_token ? { providerRefreshToken: tokens.refresh_token } : {}),
      };
    },

    async stillValid(providerRefreshToken) {
      const response = await tokenRequest({ grant_type: 'refresh_token', refresh_token: providerRefreshToken });
      if (response.ok) return true;
      if (response.status === 400 || response.status === 401) return false;
      throw new Error(`the identity provider answered ${response.status} to a refresh`);
    },
  };
}
