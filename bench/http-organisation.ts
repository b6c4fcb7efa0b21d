import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { createAccessTokens } from '../shared/identity/access-tokens';
import { memberType, type Member } from '../shared/identity/member';
import { startSession } from '../shared/identity/sessions';
import { tenantIdentityDependencies } from '../shared/identity/identity-dependencies';
import { systemClock } from '../shared/platform/clock';
import { parseSigningKeyRing } from '../shared/platform/config/secrets';
import { containers } from '../shared/platform/data/containers';
import { TenantRepository } from '../shared/platform/data/tenant-repository';

/** Calls `/api<path>` as one member; answers with the status, the parsed body and the time taken. */
export type MemberCall = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: { id?: string } & Record<string, unknown>; ms: number }>;

/**
 * An organisation reached through the local host: its profile, `members` members with a session
 * each (sessions are per sign-in; clients sharing one would share its activity writes), and a
 * cash and a sales account created over HTTP.
 */
export async function openHttpOrganisation(
  apiUrl: string,
  cosmos: { endpoint: string; key: string; database: string },
  signingKeys: string,
  members: number,
) {
  const data = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key })
    .database(cosmos.database)
    .container(containers.tenantData.name);
  const tenantId = `org-http-${randomUUID().slice(0, 8)}`;
  const repository = new TenantRepository(data, { tenantId, actor: { id: 'system:bench', kind: 'system' } });
  await repository.create('organization', tenantId, {
    slug: tenantId,
    name: 'HTTP bench',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
  });
  const tokens = createAccessTokens(parseSigningKeyRing('TOKEN_SIGNING_KEYS', signingKeys), systemClock);
  const deps = { container: data, clock: systemClock, ids: { newId: () => randomUUID() } };
  const calls: MemberCall[] = [];
  for (let i = 0; i < members; i += 1) {
    const memberId = `member-bench-${i}`;
    await repository.create<Member>(memberType, memberId, {
      email: `bench-${i}@x.example`,
      displayName: `Bench ${i}`,
      status: 'active',
      permissions: { ledger: 'admin', 'journal-entries': 'admin' },
    });
    const { session } = await startSession(
      tenantIdentityDependencies(deps),
      { tenantId, actor: { id: memberId, kind: 'member' } },
      { memberId, kind: 'member', provider: 'entra' },
    );
    const { token } = await tokens.issue({ tenantId, memberId, sessionId: session.id, kind: 'member' });
    calls.push(async (method, path, body, headers = {}) => {
      const started = performance.now();
      const response = await fetch(`${apiUrl}/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      const ms = performance.now() - started;
      return { status: response.status, body: text ? (JSON.parse(text) as { id?: string }) : {}, ms };
    });
  }
  const account = async (code: string, type: string) =>
    (await calls[0]!('POST', '/ledger/accounts', { code, name: code, type })).body.id!;
  const cash = await account('1000', 'asset');
  const sales = await account('4000', 'revenue');
  const entry = (date: string, amount = '1.00') => ({
    date,
    memo: 'bench',
    currency: 'USD',
    lines: [
      { accountId: cash, side: 'debit', amount },
      { accountId: sales, side: 'credit', amount },
    ],
  });
  return { tenantId, calls, entry };
}
