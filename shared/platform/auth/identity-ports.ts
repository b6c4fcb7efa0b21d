import type { JWTPayload } from 'jose';
import type { UnauthenticatedError } from '../errors';
import type { Principal } from './principal';

/*
 * What the pipeline and the wiring need from identity, declared here so the platform depends on
 * no domain: shared/identity implements each (access-tokens.ts, oidc-provider.ts and
 * entra-provider.ts, security-log.ts), and the composition root (functions/app-services.ts)
 * plugs the implementations in.
 */

export interface AccessTokenClaims {
  readonly tenantId: string;
  readonly memberId: string;
  readonly sessionId: string;
  readonly kind: 'member' | 'operator';
}

export interface AccessTokens {
  issue(claims: AccessTokenClaims): Promise<{ token: string; expiresIn: number }>;
  /** Verifies signature, key id, algorithm, issuer, audience and lifetime; throws UnauthenticatedError. */
  verify(token: string): Promise<AccessTokenClaims>;
}

export interface VerifiedIdentity {
  readonly subject: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name?: string;
  readonly claims: JWTPayload;
  /** The provider's refresh token, kept (encrypted) to re-check the user on each of our refreshes. */
  readonly providerRefreshToken?: string;
}

export interface OidcClient {
  authorizationUrl(input: {
    state: string;
    nonce: string;
    codeChallenge: string;
    loginHint?: string;
    extra?: Record<string, string>;
  }): Promise<string>;
  exchangeCode(input: { code: string; codeVerifier: string; nonce: string }): Promise<VerifiedIdentity>;
  /** False when the provider refuses the refresh token (user disabled, grant revoked). */
  stillValid(providerRefreshToken: string): Promise<boolean>;
}

export interface RefusalFacts {
  readonly ip: string;
  readonly userAgent?: string;
  readonly route: string;
}

export interface SecurityLog {
  credentialRefused(error: UnauthenticatedError, facts: RefusalFacts): Promise<void>;
  /** An operator tried to change something while looking into an organisation. */
  impersonationWriteRefused(principal: Principal, facts: RefusalFacts & { readonly method: string }): Promise<void>;
  /**
   * A signed-in caller was refused (403): too low a level, or a rule of the domain. Probing for
   * what one may do is itself worth reviewing, so each refusal is in the organisation's log.
   */
  accessRefused(principal: Principal, facts: AccessRefusalFacts): Promise<void>;
}

export interface AccessRefusalFacts extends RefusalFacts {
  readonly method: string;
  /** `resource:level` the route declares, or null for routes open to any member. */
  readonly required: string | null;
  readonly reason: string;
}
