import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { SigningKeyRing } from '../platform/config/secrets';
import type { Clock } from '../platform/clock';
import { UnauthenticatedError } from '../platform/errors';
import { tenantIdPattern } from '../platform/ids';
import type { AccessTokenClaims, AccessTokens } from '../platform/auth/identity-ports';

export type { AccessTokenClaims, AccessTokens };

/** The organisation a token claims, unverified: only for recording a refused attempt. */
function claimedTenant(token: string): { tenantId?: string } {
  try {
    const { org } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { org?: unknown };
    return typeof org === 'string' && tenantIdPattern.test(org) ? { tenantId: org } : {};
  } catch {
    return {};
  }
}

/** Access tokens live 15 minutes; the SPA holds them in memory only. */
export const accessTokenSeconds = 15 * 60;
export const tokenIssuer = 'https://ledgerline.dev/auth';
export const tokenAudience = 'ledgerline-api';
/** Clock skew tolerated between instances when checking exp/iat. */
const skewSeconds = 30;

interface Keys {
  readonly primary: { kid: string; key: KeyObject };
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
}

function keysFrom(ring: SigningKeyRing): Keys {
  const publicKeys = new Map<string, KeyObject>();
  for (const [kid, pem] of Object.entries(ring.keys)) publicKeys.set(kid, createPublicKey(createPrivateKey(pem)));
  return { primary: { kid: ring.primary, key: createPrivateKey(ring.keys[ring.primary]!) }, publicKeys };
}

/**
 * EdDSA (Ed25519) JWTs signed with the primary key of the Key Vault ring; any key still in the
 * ring verifies, so a new primary rolls out without logging anyone out. Only EdDSA is accepted
 * (no "none", no HMAC confusion), and only keys we hold, looked up by the `kid` header.
 */
export function createAccessTokens(ring: SigningKeyRing, clock: Clock): AccessTokens {
  const keys = keysFrom(ring);
  return {
    async issue(claims) {
      const now = Math.floor(clock.now().getTime() / 1000);
      const token = await new SignJWT({ org: claims.tenantId, sid: claims.sessionId, knd: claims.kind })
        .setProtectedHeader({ alg: 'EdDSA', kid: keys.primary.kid, typ: 'at+jwt' })
        .setIssuer(tokenIssuer)
        .setAudience(tokenAudience)
        .setSubject(claims.memberId)
        .setIssuedAt(now)
        .setNotBefore(now - skewSeconds)
        .setExpirationTime(now + accessTokenSeconds)
        .sign(keys.primary.key);
      return { token, expiresIn: accessTokenSeconds };
    },
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(
          token,
          async (header) => {
            const key = header.kid ? keys.publicKeys.get(header.kid) : undefined;
            if (!key)
              throw new UnauthenticatedError('The token was signed with an unknown key', {
                verified: false,
                ...claimedTenant(token),
              });
            return key;
          },
          {
            algorithms: ['EdDSA'],
            issuer: tokenIssuer,
            audience: tokenAudience,
            typ: 'at+jwt',
            clockTolerance: skewSeconds,
            currentDate: clock.now(),
            requiredClaims: ['sub', 'exp', 'iat', 'org', 'sid'],
          },
        ));
      } catch (error) {
        if (error instanceof UnauthenticatedError) throw error;
        // jose checks the signature before the lifetime: an expired token's claims are genuine.
        if (error instanceof errors.JWTExpired) {
          const { org, sub, sid } = error.payload as { org?: unknown; sub?: unknown; sid?: unknown };
          throw new UnauthenticatedError('The access token has expired', {
            verified: true,
            ...(typeof org === 'string' ? { tenantId: org } : {}),
            ...(typeof sub === 'string' ? { memberId: sub } : {}),
            ...(typeof sid === 'string' ? { sessionId: sid } : {}),
          });
        }
        throw new UnauthenticatedError('The access token is not valid', { verified: false, ...claimedTenant(token) });
      }
      const { sub, org, sid, knd } = payload as JWTPayload & { org?: unknown; sid?: unknown; knd?: unknown };
      if (
        typeof sub !== 'string' ||
        typeof org !== 'string' ||
        typeof sid !== 'string' ||
        (knd !== 'member' && knd !== 'operator')
      ) {
        throw new UnauthenticatedError('The access token is not valid');
      }
      return { tenantId: org, memberId: sub, sessionId: sid, kind: knd };
    },
  };
}
