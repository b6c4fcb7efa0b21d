import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SigningKeyRing } from '../platform/config/secrets';
import { UnauthenticatedError } from '../platform/errors';
import { createAccessTokens, tokenAudience, tokenIssuer } from './access-tokens';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const claims = { tenantId: 'org-a', memberId: 'member-1', sessionId: 'session-1', kind: 'member' as const };

function clockAt(iso: string) {
  let now = new Date(iso);
  return { now: () => now, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

describe('access tokens', () => {
  const ring: SigningKeyRing = { primary: 'k2', keys: { k1: pem(), k2: pem() } };

  it('round-trips the organisation, member and session, with the key id in the header', async () => {
    const clock = clockAt('2026-11-24T10:00:00Z');
    const tokens = createAccessTokens(ring, clock);
    const { token, expiresIn } = await tokens.issue(claims);
    expect(expiresIn).toBe(900);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({
      alg: 'EdDSA',
      kid: 'k2',
    });
    expect(await tokens.verify(token)).toEqual(claims);
  });

  it('refuses an expired token', async () => {
    const clock = clockAt('2026-11-24T10:00:00Z');
    const tokens = createAccessTokens(ring, clock);
    const { token } = await tokens.issue(claims);
    clock.advance(15 * 60 + 31);
    await expect(tokens.verify(token)).rejects.toThrow(/expired/);
  });

  it('refuses a token signed with a key we do not hold, even under a known key id', async () => {
    const clock = clockAt('2026-11-24T10:00:00Z');
    const forger = createAccessTokens({ primary: 'k2', keys: { k2: pem() } }, clock);
    const { token } = await forger.issue(claims);
    await expect(createAccessTokens(ring, clock).verify(token)).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses an unknown key id', async () => {
    const clock = clockAt('2026-11-24T10:00:00Z');
    const { token } = await createAccessTokens({ primary: 'k9', keys: { k9: pem() } }, clock).issue(claims);
    await expect(createAccessTokens(ring, clock).verify(token)).rejects.toThrow(/unknown key/);
  });

  it('keeps tokens of the previous primary valid after rotation', async () => {
    const clock = clockAt('2026-11-24T10:00:00Z');
    const { token } = await createAccessTokens({ primary: 'k1', keys: ring.keys }, clock).issue(claims);
    expect(await createAccessTokens(ring, clock).verify(token)).toEqual(claims);
  });

  it('refuses alg none and a symmetric token', async () => {
    const clock = clockAt('2026-11-24T10:00:00Z');
    const tokens = createAccessTokens(ring, clock);
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: 'k2', typ: 'at+jwt' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({
        iss: tokenIssuer,
        aud: tokenAudience,
        sub: 'm',
        org: 'o',
        sid: 's',
        knd: 'member',
        exp: 9e9,
        iat: 1,
      }),
    ).toString('base64url');
    await expect(tokens.verify(`${header}.${body}.`)).rejects.toThrow(UnauthenticatedError);
    const hs = await new SignJWT({ org: 'o', sid: 's', knd: 'member' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k2', typ: 'at+jwt' })
      .setIssuer(tokenIssuer)
      .setAudience(tokenAudience)
      .setSubject('m')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('k2'.repeat(16)));
    await expect(tokens.verify(hs)).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses a token for another audience', async () => {
    const clock = clockAt('2026-11-24T10:00:00Z');
    const other = await new SignJWT({ org: 'o', sid: 's', knd: 'member' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k2', typ: 'at+jwt' })
      .setIssuer(tokenIssuer)
      .setAudience('another-api')
      .setSubject('m')
      .setIssuedAt(clock.now())
      .setExpirationTime('5m')
      .sign(createPrivateKey(ring.keys.k2!));
    await expect(createAccessTokens(ring, clock).verify(other)).rejects.toThrow(UnauthenticatedError);
  });
});
