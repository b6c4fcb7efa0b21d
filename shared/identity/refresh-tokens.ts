import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RouteCookie } from '../platform/http/route-result';
import { prefixedIdPattern, tenantIdPattern } from '../platform/ids';

/**
 * A refresh token names its session and rotation generation in the clear (both are needed to
 * find the session; neither grants anything: session ids travel in every access token) and
 * carries 256 random bits. The session keeps only a hash per generation it issued, so a
 * database read does not yield usable tokens, and a presented token is either one the session
 * really issued (the current one, or an earlier one: reuse) or a forgery.
 */
export interface RefreshToken {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly generation: number;
  readonly secret: string;
}

/** What a session keeps of each refresh token it issued. */
export interface IssuedRefreshToken {
  readonly generation: number;
  /** SHA-256 over session id, generation and secret: a secret only matches where it was issued. */
  readonly hash: string;
}

/** How many issued generations a session remembers (an SPA refreshing every 14 minutes for 8 hours uses 35). */
export const rememberedGenerations = 100;

export type PresentedToken = 'current' | 'earlier' | 'forged';

export const refreshCookieName = '__Host-ledgerline-refresh';

/** The refresh token lives only in this cookie: script cannot read it, other sites cannot send it. */
export function refreshCookie(value: string, maxAge: number): RouteCookie {
  return { name: refreshCookieName, value, path: '/', httpOnly: true, secure: true, sameSite: 'Strict', maxAge };
}

function issuedHash(sessionId: string, generation: number, secret: string): string {
  return createHash('sha256').update(`${sessionId}.${generation}.${secret}`).digest('hex');
}

export function newRefreshToken(
  tenantId: string,
  sessionId: string,
  generation: number,
): { token: string; issued: IssuedRefreshToken } {
  const secret = randomBytes(32).toString('base64url');
  return {
    token: formatRefreshToken({ tenantId, sessionId, generation, secret }),
    issued: { generation, hash: issuedHash(sessionId, generation, secret) },
  };
}

/** The session's issued tokens with one more, the oldest forgotten past `rememberedGenerations`. */
export function withIssued(
  issued: readonly IssuedRefreshToken[],
  next: IssuedRefreshToken,
): readonly IssuedRefreshToken[] {
  return [...issued, next].slice(-rememberedGenerations);
}

/**
 * Which of a session's tokens was presented. Only a secret whose hash the session stored for
 * that very generation counts; a right session id with any other secret is a forgery, however
 * plausible its generation, and must not be able to end or rotate the session.
 */
export function classifyPresented(
  issued: readonly IssuedRefreshToken[],
  currentGeneration: number,
  token: RefreshToken,
): PresentedToken {
  const entry = issued.find((candidate) => candidate.generation === token.generation);
  if (!entry) return 'forged';
  const presented = Buffer.from(issuedHash(token.sessionId, token.generation, token.secret), 'hex');
  const stored = Buffer.from(entry.hash, 'hex');
  if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) return 'forged';
  return token.generation === currentGeneration ? 'current' : 'earlier';
}

export function formatRefreshToken(token: RefreshToken): string {
  return [token.tenantId, token.sessionId, String(token.generation), token.secret].join('.');
}

export function parseRefreshToken(value: string | undefined): RefreshToken | undefined {
  const parts = (value ?? '').split('.');
  if (parts.length !== 4) return undefined;
  const [tenantId, sessionId, generation, secret] = parts as [string, string, string, string];
  if (!tenantIdPattern.test(tenantId) || !prefixedIdPattern('session').test(sessionId)) return undefined;
  if (!/^\d{1,9}$/.test(generation) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  return { tenantId, sessionId, generation: Number(generation), secret };
}
