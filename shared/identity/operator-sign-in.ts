import { createHash } from 'node:crypto';
import type { TenantContext } from '../platform/actor';
import { platformAdministrationTenant } from '../platform/auth/principal';
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
 * An operator's entry in the registry. `active` lets them look into an organisation (read-only
 * impersonation); `administration` is a separate permission, to take organisations on, suspend
 * and reactivate them: most support staff only ever look.
 */
export interface OperatorRecord {
  readonly email: string;
  readonly active?: boolean;
  readonly administration?: boolean;
  /** Registers and deactivates operators (operator administration), in an administration session. */
  readonly operators?: boolean;
  /** The Entra object id (`oid`) the operator signs in as, when registered with one. */
  readonly entraObjectId?: string;
}

/**
 * Whether a registered operator may still use a session in this partition: active, and for the
 * platform's own partition still holding platform administration. Checked at sign-in and on every
 * request (session-authenticator.ts), so a deactivation bites at once, not when a token expires.
 */
export function operatorMayAct(record: OperatorRecord | undefined, tenantId: string): boolean {
  if (record?.active !== true) return false;
  return tenantId !== platformAdministrationTenant || record.administration === true;
}

type Refuse = (reason: SignInRefused['reason'], email?: string) => Promise<never>;
type Audit = (action: string, memberId: string | undefined, details: Record<string, string>) => Promise<unknown>;

/**
 * Only staff in the operator registry, signing in from the platform's own Entra tenant, with MFA
 * asserted by Entra (`amr` has `mfa`), and holding the permission asked for.
 */
async function requireOperator(
  deps: SignInDependencies,
  identity: VerifiedIdentity,
  refuse: Refuse,
  permission: 'active' | 'administration',
): Promise<string> {
  const tid = typeof identity.claims.tid === 'string' ? identity.claims.tid.toLowerCase() : '';
  if (!deps.operatorTenantIds.includes(tid)) return refuse('not-allowed', identity.email);
  const amr = Array.isArray(identity.claims.amr) ? identity.claims.amr : [];
  if (!amr.includes('mfa')) return refuse('mfa-required', identity.email);
  const operatorId = operatorDocumentId(identity.email);
  const registered = await deps.platform.findOperator(operatorId);
  if (registered?.active !== true || registered[permission] !== true) return refuse('not-allowed', identity.email);
  if (registered.entraObjectId && identity.claims.oid !== registered.entraObjectId)
    return refuse('not-allowed', identity.email);
  return operatorId;
}

async function startOperatorSession(
  deps: SignInDependencies,
  tenantId: string,
  operatorId: string,
  client: ClientFacts,
): Promise<{ refreshToken: string; maxAge: number }> {
  const context: TenantContext = {
    tenantId,
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
  return { refreshToken, maxAge: impersonationSeconds };
}

/**
 * An operator's sign-in, of one of two kinds. A read-only look into an organisation
 * (`impersonation`): the session is marked as an operator's, lasts 30 minutes, and its start (with
 * the stated reason) goes into the organisation's audit log. A platform-administration session
 * (`administration`): an operator session in the platform's own partition
 * (`platformAdministrationTenant`), which opens the platform administration routes and nothing
 * else, for 30 minutes; its start goes into the platform's audit log.
 */
export async function startOperatorSignIn(
  deps: SignInDependencies,
  pending: PendingSignIn,
  identity: VerifiedIdentity,
  client: ClientFacts,
  refuse: Refuse,
  audit: Audit,
): Promise<{ refreshToken: string; maxAge: number }> {
  const administration = pending.administration === true;
  const operatorId = await requireOperator(deps, identity, refuse, administration ? 'administration' : 'active');
  const session = await startOperatorSession(deps, pending.tenantId, operatorId, client);
  if (administration) await audit('operator.administration-started', undefined, { operator: identity.email });
  else
    await audit('operator.impersonation-started', undefined, {
      operator: identity.email,
      reason: pending.impersonation!.reason,
    });
  return session;
}
