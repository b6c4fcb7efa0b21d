import { createHash } from 'node:crypto';
import type { TenantContext } from '../platform/actor';
import type { VerifiedIdentity } from './oidc-provider';
import { startSession } from './sessions';
import type { SignInRefused } from './sign-in-refused';
import type { PendingSignIn } from './sign-in-transaction';
import type { ClientFacts, SignInDependencies } from './sign-in';

/** Support staff of the platform itself, in the platform container (not any organisation's). */
export const operatorDocumentId = (email: string) =>
  `operator-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 40)}`;
/** An operator's look into an organisation is read-only and ends after 30 minutes, refresh or not. */
export const impersonationSeconds = 30 * 60;

/**
 * A platform operator's read-only look into an organisation: only staff in the operator
 * registry, signing in from the platform's own Entra tenant, with MFA asserted by Entra. The
 * session is marked as an operator's, lasts 30 minutes, and its start (with the stated reason)
 * goes into the organisation's audit log.
 */
export async function startImpersonation(
  deps: SignInDependencies,
  pending: PendingSignIn,
  identity: VerifiedIdentity,
  client: ClientFacts,
  refuse: (reason: SignInRefused['reason'], email?: string) => Promise<never>,
  audit: (action: string, memberId: string | undefined, details: Record<string, string>) => Promise<unknown>,
): Promise<{ refreshToken: string; maxAge: number }> {
  const tid = typeof identity.claims.tid === 'string' ? identity.claims.tid.toLowerCase() : '';
  if (!deps.operatorTenantIds.includes(tid)) return refuse('not-allowed', identity.email);
  const amr = Array.isArray(identity.claims.amr) ? identity.claims.amr : [];
  if (!amr.includes('mfa')) return refuse('mfa-required', identity.email);
  const operatorId = operatorDocumentId(identity.email);
  const registered = (await deps.platform.find<{ active?: boolean }>(operatorId))?.active === true;
  if (!registered) return refuse('not-allowed', identity.email);
  const context: TenantContext = {
    tenantId: pending.tenantId,
    actor: {
      id: operatorId,
      kind: 'operator',
      ip: client.ip,
      ...(client.userAgent ? { userAgent: client.userAgent } : {}),
    },
  };
  const { refreshToken } = await startSession(deps, context, {
    memberId: operatorId,
    kind: 'operator',
    provider: 'entra',
    lifetimeSeconds: impersonationSeconds,
  });
  await audit('operator.impersonation-started', undefined, {
    operator: identity.email,
    reason: pending.impersonation!.reason,
  });
  return { refreshToken, maxAge: impersonationSeconds };
}
