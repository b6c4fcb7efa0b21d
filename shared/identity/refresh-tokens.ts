import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A refresh token names its session and rotation generation in the clear (both are needed to
 * find the session; neither grants anything) and carries 256 random bits; only a hash of
 * those is stored, so a database read does not yield usable tokens.
 */
export interface RefreshToken {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly generation: number;
  readonly secret: string;
}

export const refreshCookieName = '__Host-ledgerline-refresh';

export function newRefreshToken(
  tenantId: string,
  sessionId: string,
  generation: number,
): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: formatRefreshToken({ tenantId, sessionId, generation, secret }), hash: hashSecret(secret) };
}

export function formatRefreshToken(token: RefreshToken): string {
  return [token.tenantId, token.sessionId, String(token.generation), token.secret].join('.');
}

export function parseRefreshToken(value: string | undefined): RefreshToken | undefined {
  const parts = (value ?? '').split('.');
  if (parts.length !== 4) return undefined;
  const [tenantId, sessionId, generation, secret] = parts as [string, string, string, string];
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(tenantId) || !/^session-[A-Za-z0-9-]{1,100}$/.test(sessionId)) return undefined;
  if (!/^\d{1,9}$/.test(generation) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  return { tenantId, sessionId, generation: Number(generation), secret };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
