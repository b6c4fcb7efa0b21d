import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { UnauthenticatedError } from '../platform/errors';
import type { OidcClient, VerifiedIdentity } from './oidc-provider';

export interface EntraConfig {
  /** `https://login.microsoftonline.com/organizations` in Azure; the local provider's URL locally. */
  readonly authority: string;
  readonly clientId: string;
  /** The app registration's secret (Key Vault); locally the stand-in provider accepts what the local start generates. */
  readonly clientSecret: string;
  readonly redirectUri: string;
}

interface Discovery {
  readonly issuer: string;
  readonly jwks_uri: string;
}

const scopes = ['openid', 'profile', 'email', 'offline_access'];
const microsoftHosts = /(^|\.)login\.(microsoftonline\.com|microsoftonline\.us|partner\.microsoftonline\.cn)$/;

/**
 * Microsoft Entra ID through MSAL: MSAL builds the authorization request (PKCE, state, nonce)
 * and redeems the code, checking the nonce itself. We still verify the ID token's signature,
 * issuer (per Entra tenant) and audience against the published keys, because the organisation's
 * allowed-tenant rule depends on the `tid` claim being genuine.
 *
 * A new MSAL application per redemption: its token cache is per instance, and one shared
 * instance would accumulate every user's tokens in memory.
 */
export function createEntraClient(config: EntraConfig, fetchImpl: typeof fetch = fetch): OidcClient {
  const authorityHost = new URL(config.authority).host;
  const isMicrosoft = microsoftHosts.test(new URL(config.authority).hostname);
  let discovery: Promise<{ meta: Discovery; raw: string; keys: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const discover = () => {
    discovery ??= (async () => {
      const path = isMicrosoft ? 'v2.0/.well-known/openid-configuration' : '.well-known/openid-configuration';
      const response = await fetchImpl(
        new URL(path, config.authority.endsWith('/') ? config.authority : `${config.authority}/`),
      );
      if (!response.ok) throw new Error(`Entra discovery failed with ${response.status}`);
      const raw = await response.text();
      const meta = JSON.parse(raw) as Discovery;
      return { meta, raw, keys: createRemoteJWKSet(new URL(meta.jwks_uri)) };
    })().catch((error: unknown) => {
      discovery = undefined;
      throw error;
    });
    return discovery;
  };

  async function application(): Promise<ConfidentialClientApplication> {
    const auth: Configuration['auth'] = {
      clientId: config.clientId,
      authority: config.authority,
      clientSecret: config.clientSecret,
    };
    if (!isMicrosoft) {
      // A non-Microsoft authority (the local stand-in) is plain OpenID Connect to MSAL.
      const { raw } = await discover();
      Object.assign(auth, { knownAuthorities: [authorityHost], protocolMode: 'OIDC', authorityMetadata: raw });
    }
    return new ConfidentialClientApplication({ auth });
  }

  async function verify(idToken: string, nonce: string): Promise<JWTPayload> {
    const { meta, keys } = await discover();
    const unverified = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString()) as {
      tid?: unknown;
    };
    // Multi-tenant discovery publishes issuer "https://login.microsoftonline.com/{tenantid}/v2.0".
    const issuer = meta.issuer.replace('{tenantid}', typeof unverified.tid === 'string' ? unverified.tid : 'invalid');
    try {
      const { payload } = await jwtVerify(idToken, keys, {
        issuer,
        audience: config.clientId,
        algorithms: ['RS256'],
        clockTolerance: 30,
        requiredClaims: ['sub', 'exp', 'iat', 'tid'],
      });
      if (payload.nonce !== nonce) throw new Error('nonce');
      return payload;
    } catch {
      throw new UnauthenticatedError('The ID token failed verification');
    }
  }

  return {
    async authorizationUrl({ state, nonce, codeChallenge, loginHint }) {
      return (await application()).getAuthCodeUrl({
        scopes,
        redirectUri: config.redirectUri,
        codeChallenge,
        codeChallengeMethod: 'S256',
        state,
        nonce,
        responseMode: 'query',
        ...(loginHint ? { loginHint } : {}),
      });
    },

    async exchangeCode({ code, codeVerifier, nonce }): Promise<VerifiedIdentity> {
      const app = await application();
      let idToken: string;
      try {
        const result = await app.acquireTokenByCode({
          code,
          scopes,
          redirectUri: config.redirectUri,
          codeVerifier,
          nonce,
        });
        idToken = result.idToken;
      } catch {
        throw new UnauthenticatedError('Microsoft Entra ID refused the sign-in');
      }
      const claims = await verify(idToken, nonce);
      const email = [claims.email, claims.preferred_username].find(
        (v): v is string => typeof v === 'string' && v.includes('@'),
      );
      if (!email) throw new UnauthenticatedError('The ID token carries no email');
      const cache = JSON.parse(app.getTokenCache().serialize()) as {
        RefreshToken?: Record<string, { secret: string }>;
      };
      const providerRefreshToken = Object.values(cache.RefreshToken ?? {})[0]?.secret;
      return {
        subject: typeof claims.oid === 'string' ? claims.oid : String(claims.sub),
        email: email.toLowerCase(),
        // Work accounts' addresses are the tenant's own; an explicit email_verified=false still refuses.
        emailVerified: claims.email_verified !== false,
        ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
        claims,
        ...(providerRefreshToken ? { providerRefreshToken } : {}),
      };
    },

    async stillValid(providerRefreshToken) {
      try {
        await (await application()).acquireTokenByRefreshToken({ refreshToken: providerRefreshToken, scopes });
        return true;
      } catch (error) {
        const code = (error as { errorCode?: string }).errorCode ?? '';
        if (
          /invalid_grant|interaction_required|user_disabled|invalid_request/.test(code) ||
          (error as { name?: string }).name === 'InteractionRequiredAuthError'
        )
          return false;
        throw error;
      }
    },
  };
}
