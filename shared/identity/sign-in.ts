import type { TenantContext } from '../platform/actor';
import { platformAdministrationTenant } from '../platform/auth/principal';
import type { FieldCrypto } from '../platform/crypto/field-crypto';
import type { Organization } from '../platform/organization/organization';
import { ValidationError } from '../platform/errors';
import { entraIdentityOf, holdToEntraIdentity } from './entra-binding';
import type { IdentityDependencies } from './identity-dependencies';
import { tenantBlock } from './ip-blocks';
import type { OidcClient, VerifiedIdentity } from './oidc-provider';
import { startOperatorSignIn } from './operator-sign-in';
import { tenantIdForSlug } from './organization';
import { absoluteSessionSeconds, startSession } from './sessions';
import { SignInRefused } from './sign-in-refused';
import { openPendingSignIn, takePendingSignIn, type ProviderName } from './sign-in-transaction';

export type { ProviderName } from './sign-in-transaction';

export interface SignInDependencies extends IdentityDependencies {
  readonly fieldCrypto: FieldCrypto;
  readonly providers: Partial<Record<ProviderName, OidcClient>>;
  /** Entra tenants of the platform's own staff. */
  readonly operatorTenantIds: readonly string[];
}

export interface ClientFacts {
  readonly ip: string;
  readonly userAgent?: string;
}

/**
 * Starts the authorization code flow: PKCE, state, nonce and a hash of the browser binding are
 * kept server-side for ten minutes. Returns where to send the browser and the binding value
 * for its cookie. An unknown organisation or an unavailable provider is a refusal like any
 * other, so the browser lands on the SPA with the same error a refused sign-in gets.
 */
export async function beginSignIn(
  deps: SignInDependencies,
  input: {
    provider: ProviderName;
    organizationSlug?: string;
    loginHint?: string;
    impersonationReason?: string;
    administration?: true;
  },
): Promise<{ location: string; browserBinding: string }> {
  if ((input.impersonationReason !== undefined || input.administration) && input.provider !== 'entra') {
    throw new ValidationError('Operators sign in with Microsoft Entra ID', [
      { field: 'provider', reason: 'must be entra for an operator' },
    ]);
  }
  const client = deps.providers[input.provider];
  if (!client) throw new SignInRefused('provider-unavailable');
  const tenantId = input.administration
    ? platformAdministrationTenant
    : await tenantIdForSlug(deps.platform, input.organizationSlug ?? '');
  if (!tenantId) throw new SignInRefused('unknown-organization');
  const { state, nonce, codeChallenge, browserBinding } = await openPendingSignIn(deps, {
    tenantId,
    provider: input.provider,
    ...(input.administration ? { administration: true as const } : {}),
    ...(input.impersonationReason !== undefined ? { impersonation: { reason: input.impersonationReason } } : {}),
  });
  const location = await client.authorizationUrl({
    state,
    nonce,
    codeChallenge,
    ...(input.loginHint ? { loginHint: input.loginHint } : {}),
    ...(input.provider === 'google' ? { extra: { access_type: 'offline', prompt: 'consent' } } : {}),
  });
  return { location, browserBinding };
}

function allowedByPolicy(organization: Organization, provider: ProviderName, identity: VerifiedIdentity): boolean {
  if (provider === 'google') {
    const domain = typeof identity.claims.hd === 'string' ? identity.claims.hd.toLowerCase() : undefined;
    return (
      !!domain &&
      (organization.signIn?.google?.domains ?? []).map((d) => d.toLowerCase()).includes(domain) &&
      identity.email.endsWith(`@${domain}`)
    );
  }
  const tid = typeof identity.claims.tid === 'string' ? identity.claims.tid.toLowerCase() : undefined;
  return !!tid && (organization.signIn?.entra?.tenantIds ?? []).map((t) => t.toLowerCase()).includes(tid);
}

/**
 * Finishes sign-in: only in the browser that began it (the binding cookie), the code is
 * exchanged with the PKCE verifier, the ID token is verified, the organisation's directory
 * policy (Google `hd` / Entra `tid`), the membership and, for Entra, the member's bound object
 * id checked, then a session opens. Every outcome, success or refusal, goes into the
 * organisation's audit log.
 */
export async function completeSignIn(
  deps: SignInDependencies,
  input: { state: string; code?: string; error?: string; browserBinding?: string },
  client: ClientFacts,
): Promise<{ refreshToken: string; maxAge: number }> {
  const system: (tenantId: string) => TenantContext = (tenantId) => ({
    tenantId,
    actor: { id: 'system:sign-in', kind: 'system', ip: client.ip, userAgent: client.userAgent },
  });
  const pending = await takePendingSignIn(deps, input.state, input.browserBinding).catch(async (error: unknown) => {
    if (error instanceof SignInRefused && error.tenantId) await auditRefusal(deps, system(error.tenantId), error);
    throw error;
  });
  const context = system(pending.tenantId);
  const store = deps.storeFor(context);
  const audit = (action: string, memberId: string | undefined, details: Record<string, string>) =>
    store.appendAudit(
      {
        action,
        target: { type: 'member', id: memberId ?? 'unknown' },
        details: { provider: pending.provider, ...details },
      },
      memberId ? { ...context, actor: { ...context.actor, id: memberId, kind: 'member' } } : context,
    );
  const refuse = async (reason: SignInRefused['reason'], email?: string, targetMemberId?: string): Promise<never> => {
    const refusal = new SignInRefused(reason, pending.tenantId);
    await auditRefusal(
      deps,
      context,
      refusal,
      { provider: pending.provider, ...(email ? { email } : {}) },
      targetMemberId,
    );
    throw refusal;
  };

  if (await tenantBlock(store, client.ip, deps.clock.now())) return refuse('blocked');
  if (input.error || !input.code) return refuse('provider-error');
  let identity: VerifiedIdentity;
  try {
    identity = await deps.providers[pending.provider]!.exchangeCode({
      code: input.code,
      codeVerifier: pending.codeVerifier,
      nonce: pending.nonce,
    });
  } catch {
    return refuse('invalid');
  }
  if (!identity.emailVerified) return refuse('unverified-email', identity.email);
  if (pending.administration || pending.impersonation)
    return startOperatorSignIn(deps, pending, identity, client, refuse, audit);
  const organization = await store.readOrganization();
  if (organization.suspended) return refuse('suspended', identity.email);
  if (!allowedByPolicy(organization, pending.provider, identity)) return refuse('not-allowed', identity.email);
  const member = await store.activeMemberByEmail(identity.email);
  if (!member) return refuse('not-a-member', identity.email);
  if (member.locked) return refuse('locked', identity.email, member.id);

  const memberContext: TenantContext = {
    tenantId: pending.tenantId,
    actor: { id: member.id, kind: 'member', ip: client.ip, userAgent: client.userAgent },
  };
  if (pending.provider === 'entra') {
    const entra = entraIdentityOf(identity.claims);
    if (!entra) return refuse('invalid', identity.email);
    const held = await holdToEntraIdentity(deps.storeFor(memberContext), member, entra);
    // Someone else holding the member's email address: refused, on the member's record.
    if (held === 'mismatch') return refuse('identity-mismatch', identity.email, member.id);
  }

  const providerRefreshToken = identity.providerRefreshToken
    ? deps.fieldCrypto.encrypt('general', identity.providerRefreshToken, `${pending.tenantId}|session|${member.id}`)
    : undefined;
  const { refreshToken } = await startSession(deps, memberContext, {
    memberId: member.id,
    kind: 'member',
    provider: pending.provider,
    ...(providerRefreshToken ? { providerRefreshToken } : {}),
  });
  await audit('auth.signed-in', member.id, { email: identity.email });
  return { refreshToken, maxAge: absoluteSessionSeconds };
}

/**
 * A refused sign-in in the organisation's audit log, by the system: the person signing in is
 * not established (and for an identity mismatch is precisely not the member the record names).
 */
function auditRefusal(
  deps: SignInDependencies,
  context: TenantContext,
  refusal: SignInRefused,
  details: Record<string, string> = {},
  targetMemberId?: string,
) {
  return deps.storeFor(context).appendAudit({
    action: 'auth.sign-in-failed',
    target: { type: 'member', id: targetMemberId ?? 'unknown' },
    details: { ...details, reason: refusal.reason },
  });
}
