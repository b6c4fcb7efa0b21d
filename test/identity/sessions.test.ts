import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokens } from '../../shared/identity/access-tokens';
import { memberType, type Member } from '../../shared/identity/member';
import { createSessionAuthentication } from '../../shared/identity/session-authenticator';
import { rotateRefreshToken } from '../../shared/identity/refresh-rotation';
import { listSessions, revokeMemberSessions, revokeSession, startSession } from '../../shared/identity/sessions';
import {
  tenantIdentityDependencies,
  type TenantIdentityDependencies,
} from '../../shared/identity/identity-dependencies';
import type { Container } from '@azure/cosmos';
import type { TenantContext } from '../../shared/platform/actor';
import { PlatformRepository } from '../../shared/platform/data/platform-repository';
import { cosmosPlatformIdentityStore } from '../../shared/identity/cosmos-platform-identity-store';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { UnauthenticatedError } from '../../shared/platform/errors';
import { createTestDatabase } from '../harness/cosmos';

const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('sessions', () => {
  let now = new Date('2026-11-24T09:00:00Z');
  const clock = { now: () => now, advanceMinutes: (m: number) => (now = new Date(now.getTime() + m * 60_000)) };
  let data: Container;
  let deps: TenantIdentityDependencies;
  const tokens = createAccessTokens({ primary: 'k1', keys: { k1: pem } }, clock);
  let auth: ReturnType<typeof createSessionAuthentication>;

  beforeAll(async () => {
    const db = await createTestDatabase();
    data = db.containers.tenantData;
    deps = tenantIdentityDependencies({ container: data, clock, ids: { newId: () => randomUUID() } });
    auth = createSessionAuthentication(
      { ...deps, platform: cosmosPlatformIdentityStore(new PlatformRepository(db.containers.platform)) },
      tokens,
    );
  });

  async function member(
    tenantId: string,
    memberId: string,
    permissions: Member['permissions'] = { ledger: 'edit', 'payment-runs': 'edit' },
  ): Promise<TenantContext> {
    const context: TenantContext = {
      tenantId,
      actor: { id: memberId, kind: 'member', ip: '203.0.113.9', userAgent: 'test' },
    };
    await new TenantRepository(data, context, clock).create<Member>(memberType, memberId, {
      email: `${memberId}@example.com`,
      displayName: memberId,
      status: 'active',
      permissions,
    });
    return context;
  }

  async function signIn(context: TenantContext) {
    const { session, refreshToken } = await startSession(deps, context, {
      memberId: context.actor.id,
      kind: 'member',
      provider: 'entra',
    });
    const { token } = await tokens.issue({
      tenantId: context.tenantId,
      memberId: context.actor.id,
      sessionId: session.id,
      kind: 'member',
    });
    return { session, refreshToken, authorization: `Bearer ${token}` };
  }

  const authenticate = (authorization: string) => auth.authenticator.authenticate({ authorization, ip: '203.0.113.9' });

  it('turns a valid access token into the member with their current permissions', async () => {
    const context = await member(`org-${randomUUID()}`, 'member-ann');
    const { authorization, session } = await signIn(context);
    expect(await authenticate(authorization)).toMatchObject({
      tenantId: context.tenantId,
      memberId: 'member-ann',
      sessionId: session.id,
      permissions: { ledger: 'edit' },
    });
  });

  it("refuses a token naming another organisation's session", async () => {
    const a = await member(`org-${randomUUID()}`, 'member-a');
    const b = await member(`org-${randomUUID()}`, 'member-b');
    const { session } = await signIn(a);
    const { token } = await tokens.issue({
      tenantId: b.tenantId,
      memberId: 'member-b',
      sessionId: session.id,
      kind: 'member',
    });
    await expect(authenticate(`Bearer ${token}`)).rejects.toThrow(UnauthenticatedError);
  });

  it('rotates the refresh token on every use, and a replayed one ends the whole session', async () => {
    const context = await member(`org-${randomUUID()}`, 'member-rita');
    const { refreshToken, authorization } = await signIn(context);

    const first = await rotateRefreshToken(deps, refreshToken, {});
    expect(first.ok).toBe(true);
    const replay = await rotateRefreshToken(deps, refreshToken, {});
    expect(replay).toMatchObject({ ok: false, reason: 'reuse', session: { revokedReason: 'refresh-token-reuse' } });

    if (first.ok)
      expect(await rotateRefreshToken(deps, first.refreshToken, {})).toMatchObject({ ok: false, reason: 'ended' });
    await expect(authenticate(authorization)).rejects.toThrow(/ended/);
  });

  it('refuses a forged or malformed refresh token without touching the session', async () => {
    const context = await member(`org-${randomUUID()}`, 'member-fay');
    const { refreshToken, authorization } = await signIn(context);
    expect(await rotateRefreshToken(deps, 'garbage', {})).toEqual({ ok: false, reason: 'invalid' });
    expect(
      await rotateRefreshToken(deps, `${context.tenantId}.session-${randomUUID()}.1.${'A'.repeat(43)}`, {}),
    ).toEqual({ ok: false, reason: 'invalid' });
    expect((await rotateRefreshToken(deps, refreshToken, {})).ok).toBe(true);
    await expect(authenticate(authorization)).resolves.toBeDefined();
  });

  it("a made-up secret with a real session's id, at any generation, is a forgery and leaves the session alone", async () => {
    const context = await member(`org-${randomUUID()}`, 'member-vic');
    const { refreshToken, authorization, session } = await signIn(context);
    const first = await rotateRefreshToken(deps, refreshToken, {});
    if (!first.ok) throw new Error('the first rotation failed');
    for (const generation of [0, 1, 2, 3]) {
      const forged = `${context.tenantId}.${session.id}.${generation}.${'Z'.repeat(43)}`;
      expect(await rotateRefreshToken(deps, forged, {})).toMatchObject({ ok: false, reason: 'forged' });
    }
    // A genuine secret moved to another generation is no more genuine there.
    const moved = first.refreshToken.replace(/\.2\./, '.1.');
    expect(await rotateRefreshToken(deps, moved, {})).toMatchObject({ ok: false, reason: 'forged' });
    await expect(authenticate(authorization)).resolves.toBeDefined();
    expect((await rotateRefreshToken(deps, first.refreshToken, {})).ok).toBe(true);
  });

  it('remembers a hash per issued generation, never a secret', async () => {
    const context = await member(`org-${randomUUID()}`, 'member-hal');
    let { refreshToken } = await signIn(context);
    const secrets = [refreshToken.split('.')[3]!];
    let stored: unknown;
    for (let i = 0; i < 3; i += 1) {
      const outcome = await rotateRefreshToken(deps, refreshToken, {});
      if (!outcome.ok) throw new Error(outcome.reason);
      ({ refreshToken } = outcome);
      secrets.push(refreshToken.split('.')[3]!);
      stored = outcome.session;
    }
    expect((stored as { issuedRefreshTokens: Array<{ generation: number }> }).issuedRefreshTokens).toMatchObject([
      { generation: 1 },
      { generation: 2 },
      { generation: 3 },
      { generation: 4 },
    ]);
    for (const secret of secrets) expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('an admin revocation bites on the next request even with an unexpired access token', async () => {
    const context = await member(`org-${randomUUID()}`, 'member-sam');
    const { authorization, session } = await signIn(context);
    await authenticate(authorization);
    await revokeSession(
      deps,
      { tenantId: context.tenantId, actor: { id: 'member-admin', kind: 'member' } },
      session.id,
      'admin',
    );
    await expect(authenticate(authorization)).rejects.toThrow(/ended/);
  });

  it("revoking a member's sessions ends every one of them", async () => {
    const context = await member(`org-${randomUUID()}`, 'member-two-tabs');
    const one = await signIn(context);
    const two = await signIn(context);
    const admin = { tenantId: context.tenantId, actor: { id: 'member-admin', kind: 'member' as const } };
    expect(await revokeMemberSessions(deps, admin, 'member-two-tabs', 'admin')).toBe(2);
    await expect(authenticate(one.authorization)).rejects.toThrow(UnauthenticatedError);
    await expect(authenticate(two.authorization)).rejects.toThrow(UnauthenticatedError);
    expect(await listSessions(deps, admin, { memberId: 'member-two-tabs', activeOnly: true })).toEqual([]);
  });

  it('20 idle minutes are fine elsewhere but not on a sensitive route; 31 end the session', async () => {
    const context = await member(`org-${randomUUID()}`, 'member-ida');
    const { refreshToken, session } = await signIn(context);
    clock.advanceMinutes(20);
    // The SPA's timed refresh is not activity, so the member is still 20 minutes idle.
    const refreshed = await rotateRefreshToken(deps, refreshToken, {});
    expect(refreshed.ok).toBe(true);
    const { token } = await tokens.issue({
      tenantId: context.tenantId,
      memberId: 'member-ida',
      sessionId: session.id,
      kind: 'member',
    });
    const principal = await authenticate(`Bearer ${token}`);

    await expect(auth.sessionGuard.touch(principal, { sensitive: true })).rejects.toThrow(/recent activity/);
    expect(await auth.sessionGuard.touch(principal, { sensitive: false })).toEqual({
      idleSecondsRemaining: 1800,
      sensitiveIdleSecondsRemaining: 600,
    });
    // That general request was activity: the sensitive area is open again.
    await expect(
      auth.sessionGuard.touch(await authenticate(`Bearer ${token}`), { sensitive: true }),
    ).resolves.toBeDefined();

    clock.advanceMinutes(31);
    const late = await tokens.issue({
      tenantId: context.tenantId,
      memberId: 'member-ida',
      sessionId: session.id,
      kind: 'member',
    });
    await expect(authenticate(`Bearer ${late.token}`)).rejects.toThrow(/inactivity/);
    if (refreshed.ok)
      expect(await rotateRefreshToken(deps, refreshed.refreshToken, {})).toMatchObject({ ok: false, reason: 'ended' });
  });

  it('sessions end 8 hours after sign-in whatever the activity', async () => {
    const context = await member(`org-${randomUUID()}`, 'member-long');
    let { refreshToken, session } = await signIn(context);
    const stayActive = async () => {
      const { token } = await tokens.issue({
        tenantId: context.tenantId,
        memberId: 'member-long',
        sessionId: session.id,
        kind: 'member',
      });
      await auth.sessionGuard.touch(await authenticate(`Bearer ${token}`), { sensitive: false });
    };
    for (let minutes = 0; minutes < 475; minutes += 25) {
      clock.advanceMinutes(25);
      await stayActive();
      const outcome = await rotateRefreshToken(deps, refreshToken, {});
      if (!outcome.ok) throw new Error(`ended early at ${minutes + 25} minutes: ${outcome.reason}`);
      ({ refreshToken, session } = outcome);
    }
    clock.advanceMinutes(10);
    expect(await rotateRefreshToken(deps, refreshToken, {})).toMatchObject({ ok: false, reason: 'ended' });
    await expect(stayActive()).rejects.toThrow(/expired/);
  });

  it('a removed member loses access at once', async () => {
    const context = await member(`org-${randomUUID()}`, 'member-gone');
    const { authorization } = await signIn(context);
    const repository = new TenantRepository(
      data,
      { tenantId: context.tenantId, actor: { id: 'member-admin', kind: 'member' } },
      clock,
    );
    await repository.update<Member>(memberType, 'member-gone', (m) => ({ ...m, status: 'removed' }));
    await expect(authenticate(authorization)).rejects.toThrow(/no longer has access/);
  });

  it('sessions end 8 hours after sign-in whatever the activity', async () => {
    const context = await member(`org-${randomUUID()}`, 'member-long');
    let { refreshToken } = await signIn(context);
    for (let hour = 0; hour < 8; hour += 1) {
      clock.advanceMinutes(25);
      const outcome = await rotateRefreshToken(deps, refreshToken, {});
      if (!outcome.ok) break;
      refreshToken = outcome.refreshToken;
      clock.advanceMinutes(25);
      const again = await rotateRefreshToken(deps, refreshToken, {});
      if (!again.ok) break;
      refreshToken = again.refreshToken;
    }
    clock.advanceMinutes(25);
    expect(await rotateRefreshToken(deps, refreshToken, {})).toMatchObject({ ok: false, reason: 'ended' });
  });
});
