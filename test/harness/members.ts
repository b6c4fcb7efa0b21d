import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { AccessTokens } from '../../shared/identity/access-tokens';
import { memberType, type Member } from '../../shared/identity/member';
import { operatorDocumentId } from '../../shared/identity/operator-sign-in';
import { startSession } from '../../shared/identity/sessions';
import { tenantIdentityDependencies } from '../../shared/identity/identity-dependencies';
import { systemClock } from '../../shared/platform/clock';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';

/**
 * Writes an organisation's document straight to its data, as onboarding (or the seed) leaves it:
 * `profile` over a USD organisation whose fiscal year starts in January, named by its id.
 */
export async function addTestOrganization(data: Container, tenantId: string, profile: Record<string, unknown> = {}) {
  await new TenantRepository(data, { tenantId, actor: { id: 'system:test', kind: 'system' } }).create(
    'organization',
    tenantId,
    { slug: tenantId, name: tenantId, baseCurrency: 'USD', fiscalYearStartMonth: 1, ...profile },
  );
}

/** Adds a member straight to an organisation's data, as an admin or the seed would. */
export async function addTestMember(
  data: Container,
  tenantId: string,
  memberId: string,
  permissions: Member['permissions'],
): Promise<void> {
  await new TenantRepository(data, { tenantId, actor: { id: 'system:test', kind: 'system' } }).create<Member>(
    memberType,
    memberId,
    {
      email: `${memberId}@x.example`,
      displayName: memberId,
      status: 'active',
      permissions,
    },
  );
}

/**
 * Opens a session the way the sign-in callback does and issues its access token, for suites
 * about what happens after sign-in (the sign-in flows themselves have their own suites). An
 * operator's session is read-only impersonation, as an operator's sign-in opens it.
 */
export async function openTestSession(
  data: Container,
  tokens: AccessTokens,
  tenantId: string,
  memberId: string,
  kind: 'member' | 'operator' = 'member',
) {
  const deps = { container: data, clock: systemClock, ids: { newId: () => randomUUID() } };
  const { session, refreshToken } = await startSession(
    tenantIdentityDependencies(deps),
    { tenantId, actor: { id: memberId, kind } },
    { memberId, kind, provider: 'entra' },
  );
  const { token } = await tokens.issue({ tenantId, memberId, sessionId: session.id, kind });
  return { sessionId: session.id, refreshToken, authorization: `Bearer ${token}` };
}

/**
 * Registers a platform operator straight in the registry, as the platform's own people seed the
 * first ones; answers the operator id their sessions carry.
 */
export async function registerTestOperator(
  platform: Container,
  email: string,
  grants: { readonly administration?: boolean; readonly operators?: boolean } = {},
): Promise<string> {
  const id = operatorDocumentId(email);
  await platform.items.upsert({ id, type: 'platform-operator', email, active: true, ...grants });
  return id;
}

/** Adds each member with its permissions and opens a session for each: their Authorization headers by member. */
export async function addMembersWithSessions(
  data: Container,
  tokens: AccessTokens,
  tenantId: string,
  members: Readonly<Record<string, Member['permissions']>>,
): Promise<Record<string, string>> {
  const sessions: Record<string, string> = {};
  for (const [member, permissions] of Object.entries(members)) {
    await addTestMember(data, tenantId, member, permissions);
    sessions[member] = (await openTestSession(data, tokens, tenantId, member)).authorization;
  }
  return sessions;
}

export type MemberCall = (
  member: string,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response>;

/** Requests to `${base}${path}` as one of the members `sessions` holds (a JSON body when given); others send none. */
export function callAs(base: string, sessions: Readonly<Record<string, string>>): MemberCall {
  return (member, method, path, body, headers = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: sessions[member] ?? 'Bearer none',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}
