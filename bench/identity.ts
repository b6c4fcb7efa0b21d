import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { createAccessTokens } from '../shared/identity/access-tokens';
import { rotateRefreshToken } from '../shared/identity/refresh-rotation';
import { startSession } from '../shared/identity/sessions';
import { tenantIdentityDependencies } from '../shared/identity/identity-dependencies';
import { systemClock } from '../shared/platform/clock';

/** Access-token verification (signature and claims, no I/O) per request, in one process. */
export async function measureTokenVerification(
  iterations = 20_000,
): Promise<{ microsecondsPerVerify: number; verifiesPerSecond: number }> {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const tokens = createAccessTokens({ primary: 'k1', keys: { k1: pem } }, systemClock);
  const { token } = await tokens.issue({
    tenantId: 'org-bench',
    memberId: 'member-bench',
    sessionId: 'session-bench',
    kind: 'member',
  });
  for (let i = 0; i < 1_000; i += 1) await tokens.verify(token);
  const started = performance.now();
  for (let i = 0; i < iterations; i += 1) await tokens.verify(token);
  const ms = performance.now() - started;
  return {
    microsecondsPerVerify: Math.round(((ms * 1000) / iterations) * 10) / 10,
    verifiesPerSecond: Math.round(iterations / (ms / 1000)),
  };
}

/** Refresh-token rotations per second against Cosmos: concurrent sessions, each rotated in turn. */
export async function measureRefreshThroughput(
  container: Container,
  sessions = 20,
  rotationsPerSession = 25,
): Promise<{ rotationsPerSecond: number; total: number }> {
  const deps = tenantIdentityDependencies({ container, clock: systemClock, ids: { newId: () => randomUUID() } });
  const context = { tenantId: 'org-bench', actor: { id: 'member-bench', kind: 'member' as const } };
  const tokens = await Promise.all(
    Array.from(
      { length: sessions },
      async () =>
        (await startSession(deps, context, { memberId: 'member-bench', kind: 'member', provider: 'entra' }))
          .refreshToken,
    ),
  );
  const started = performance.now();
  await Promise.all(
    tokens.map(async (first) => {
      let token = first;
      for (let i = 0; i < rotationsPerSession; i += 1) {
        const outcome = await rotateRefreshToken(deps, token, {});
        if (!outcome.ok) throw new Error(`rotation failed: ${outcome.reason}`);
        token = outcome.refreshToken;
      }
    }),
  );
  const total = sessions * rotationsPerSession;
  return { rotationsPerSecond: Math.round(total / ((performance.now() - started) / 1000)), total };
}
