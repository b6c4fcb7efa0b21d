import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { TenantContext } from '../platform/actor';
import { appendAuditRecord } from '../platform/audit/audit-log';
import type { Clock, IdGenerator } from '../platform/clock';
import type { FieldCrypto } from '../platform/crypto/field-crypto';
import { statusOf } from '../platform/data/cosmos-errors';
import { TenantRepository } from '../platform/data/tenant-repository';
import { ValidationError } from '../platform/errors';
import { tenantBlock } from './ip-blocks';
import { memberType, type Member } from './member';
import { newPkce, randomToken, type OidcClient, type VerifiedIdentity } from './oidc-provider';
import { organizationType, tenantIdForSlug, type Organization } from './organization';
import { absoluteSessionSeconds, startSession } from './sessions';

export type ProviderName = 'google' | 'entra';

export interface SignInDependencies {
  readonly tenantData: Container;
  readonly platform: Container;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly fieldCrypto: FieldCrypto;
  readonly providers: Partial<Record<ProviderName, OidcClient>>;
  /** Entra tenants of the platform's own staff. */
  readonly operatorTenantIds: readonly string[];
}

/** Support staff of the platform itself, in the platform container (not any organisation's). */
export const operatorDocumentId = (email: string) =>
  `operator-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 40)}`;
/** An operator's look into an organisation is read-only and ends after 30 minutes, refresh or not. */
export const impersonationSeconds = 30 * 60;

export interface ClientFacts {
  readonly ip: string;
  readonly userAgent?: string;
}

/** A sign-in that did not happen, with a reason safe to show (no detail an attacker could use). */
export class SignInRefused extends Error {
  constructor(
    readonly reason:
      | 'expired'
      | 'provider-error'
      | 'not-allowed'
      | 'not-a-member'
      | 'unverified-email'
      | 'invalid'
      | 'blocked'
      | 'mfa-required',
    /** The organisation the attempt was for, when the pending sign-in named one. */
    readonly tenantId?: string,
  ) {
    super(`sign-in refused: ${reason}`);
    this.name = 'SignInRefused';
  }
}

interface PendingSignIn {
  readonly id: string;
  readonly type: 'pending-sign-in';
  readonly tenantId: string;
  readonly provider: ProviderName;
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly expiresAt: string;
  readonly used?: true;
  readonly ttl: number;
  /** Set when a platform operator asked to look into the organisation, with their stated reason. */
  readonly impersonation?: { readonly reason: string };
}

const pendingSeconds = 10 * 60;
const pendingId = (state: string) => `pending-sign-in-${state}`;

/** Starts the authorization code flow: PKCE, state and nonce are kept server-side for ten minutes. */
export async function beginSignIn(
  deps: SignInDependencies,
  input: { provider: ProviderName; organizationSlug: string; loginHint?: string; impersonationReason?: string },
): Promise<string> {
  if (input.impersonationReason !== undefined && input.provider !== 'entra') {
    throw new ValidationError('Operators sign in with Microsoft Entra ID', [
      { field: 'provider', reason: 'must be entra for an operator' },
    ]);
  }
  const client = deps.providers[input.provider];
  if (!client)
    throw new ValidationError('This sign-in provider is not available', [
      { field: 'provider', reason: 'not configured' },
    ]);
  const tenantId = await tenantIdForSlug(deps.platform, input.organizationSlug);
  if (!tenantId)
    throw new ValidationError('No such organisation', [{ field: 'organization', reason: 'unknown organisation' }]);
  const state = randomToken();
  const nonce = randomToken();
  const pkce = newPkce();
  const pending: PendingSignIn = {
    id: pendingId(state),
    type: 'pending-sign-in',
    tenantId,
    provider: input.provider,
    codeVerifier: pkce.verifier,
    nonce,
    expiresAt: new Date(deps.clock.now().getTime() + pendingSeconds * 1000).toISOString(),
    ttl: pendingSeconds,
    ...(input.impersonationReason !== undefined ? { impersonation: { reason: input.impersonationReason } } : {}),
  };
  await deps.platform.items.create(pending);
  return client.authorizationUrl({
    state,
    nonce,
    codeChallenge: pkce.challenge,
    ...(input.loginHint ? { loginHint: input.loginHint } : {}),
    ...(input.provider === 'google' ? { extra: { access_type: 'offline', prompt: 'consent' } } : {}),
  });
}

/** Takes a pending sign-in exactly once: a replayed callback finds it used. */
async function consumePending(deps: SignInDependencies, state: string): Promise<PendingSignIn> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(state)) throw new SignInRefused('invalid');
  try {
    const item = deps.platform.item(pendingId(state), pendingId(state));
    const { resource, etag } = await item.read<PendingSignIn>();
    if (!resource || resource.used || Date.parse(resource.expiresAt) <= deps.clock.now().getTime())
      throw new SignInRefused('expired');
    await item.replace({ ...resource, used: true }, { accessCondition: { type: 'IfMatch', condition: etag } });
    return resource;
  } catch (error) {
    if (error instanceof SignInRefused) throw error;
    if (statusOf(error) === 404 || statusOf(error) === 412) throw new SignInRefused('expired');
    throw error;
  }
}

function allowedByPolicy(organization: Organization, provider: ProviderName, identity: VerifiedIdentity): boolean {
  if (provider === 'google') {
    const domain = typeof identity.claims.hd === 'string' ? identity.claims.hd.toLowerCase() : undefined;
    return (
      !!domain &&
      (organization.signIn.google?.domains ?? []).map((d) => d.toLowerCase()).includes(domain) &&
      identity.email.endsWith(`@${domain}`)
    );
  }
  const tid = typeof identity.claims.tid === 'string' ? identity.claims.tid.toLowerCase() : undefined;
  return !!tid && (organization.signIn.entra?.tenantIds ?? []).map((t) => t.toLowerCase()).includes(tid);
}

/**
 * Finishes sign-in: the code is exchanged with the PKCE verifier, the ID token is verified,
 * the organisation's directory policy (Google `hd` / Entra `tid`) and the membership checked,
 * then a session opens. Every outcome, success or refusal, goes into the organisation's audit log.
 */
export async function completeSignIn(
  deps: SignInDependencies,
  input: { state: string; code?: string; error?: string },
  client: ClientFacts,
): Promise<{ refreshToken: string; maxAge: number }> {
  const pending = await consumePending(deps, input.state);
  const system: TenantContext = {
    tenantId: pending.tenantId,
    actor: { id: 'system:sign-in', kind: 'system', ip: client.ip, userAgent: client.userAgent },
  };
  const repository = new TenantRepository(deps.tenantData, system, deps.clock);
  const audit = (action: string, memberId: string | undefined, details: Record<string, string>) =>
    appendAuditRecord(
      repository,
      memberId ? { ...system, actor: { ...system.actor, id: memberId, kind: 'member' } } : system,
      {
        action,
        target: { type: 'member', id: memberId ?? 'unknown' },
        details: { provider: pending.provider, ...details },
      },
      () => deps.clock.now(),
    );
  const refuse = async (reason: SignInRefused['reason'], email?: string, memberId?: string): Promise<never> => {
    await audit('auth.sign-in-failed', memberId, { reason, ...(email ? { email } : {}) });
    throw new SignInRefused(reason, pending.tenantId);
  };

  if (await tenantBlock(repository, client.ip, deps.clock.now())) return refuse('blocked');
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
  if (pending.impersonation) return startImpersonation(deps, pending, identity, client, refuse, audit);
  const organization = await repository.get<Organization>(organizationType, pending.tenantId);
  if (!allowedByPolicy(organization, pending.provider, identity)) return refuse('not-allowed', identity.email);
  const [member] = await repository.queryAll<Member>(memberType, {
    where: 'c.email = @email AND c.status = @active',
    parameters: [
      { name: '@email', value: identity.email },
      { name: '@active', value: 'active' },
    ],
  });
  if (!member) return refuse('not-a-member', identity.email);

  const memberContext: TenantContext = {
    tenantId: pending.tenantId,
    actor: { id: member.id, kind: 'member', ip: client.ip, userAgent: client.userAgent },
  };
  const providerRefreshToken = identity.providerRefreshToken
    ? deps.fieldCrypto.encrypt('general', identity.providerRefreshToken, `${pending.tenantId}|session|${member.id}`)
    : undefined;
  const { refreshToken } = await startSession(
    { container: deps.tenantData, clock: deps.clock, ids: deps.ids },
    memberContext,
    {
      memberId: member.id,
      kind: 'member',
      provider: pending.provider,
      ...(providerRefreshToken ? { providerRefreshToken } : {}),
    },
  );
  await audit('auth.signed-in', member.id, { email: identity.email });
  return { refreshToken, maxAge: absoluteSessionSeconds };
}

/**
 * A platform operator's read-only look into an organisation: only staff in the operator
 * registry, signing in from the platform's own Entra tenant, with MFA asserted by Entra. The
 * session is marked as an operator's, lasts 30 minutes, and its start (with the stated reason)
 * goes into the organisation's audit log.
 */
async function startImpersonation(
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
  let registered = false;
  try {
    const { resource } = await deps.platform.item(operatorId, operatorId).read<{ active?: boolean }>();
    registered = resource?.active === true;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
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
  const { refreshToken } = await startSession(
    { container: deps.tenantData, clock: deps.clock, ids: deps.ids },
    context,
    { memberId: operatorId, kind: 'operator', provider: 'entra', lifetimeSeconds: impersonationSeconds },
  );
  await audit('operator.impersonation-started', undefined, {
    operator: identity.email,
    reason: pending.impersonation!.reason,
  });
  return { refreshToken, maxAge: impersonationSeconds };
}
