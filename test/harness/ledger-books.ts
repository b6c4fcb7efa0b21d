import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { AccessTokens } from '../../shared/identity/access-tokens';
import type { Member } from '../../shared/identity/member';
import type { AccountType } from '../../shared/ledger/schemas';
import { addMembersWithSessions, addTestOrganization, callAs } from './members';

export interface Books {
  readonly tenantId: string;
  /** Account ids by code. */
  readonly accounts: Readonly<Record<string, string>>;
  /** Each member's Authorization header. */
  readonly sessions: Readonly<Record<string, string>>;
  /** Calls `/api/ledger<path>` as one of the organisation's members. */
  as(member: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/**
 * An organisation with its profile, members with open sessions and a chart of accounts, for
 * suites that then drive the ledger over HTTP. The profile is written as the seed writes it.
 */
export async function openBooks(options: {
  readonly url: string;
  readonly data: Container;
  readonly tokens: AccessTokens;
  readonly profile?: Record<string, unknown>;
  readonly members: Readonly<Record<string, Member['permissions']>>;
  readonly accounts: ReadonlyArray<readonly [code: string, type: AccountType]>;
}): Promise<Books> {
  const tenantId = `org-${randomUUID().slice(0, 8)}`;
  await addTestOrganization(options.data, tenantId, { booksStartMonth: '2026-01', ...options.profile });
  const sessions = await addMembersWithSessions(options.data, options.tokens, tenantId, options.members);
  const as: Books['as'] = callAs(`${options.url}/api/ledger`, sessions);
  const first = Object.keys(options.members)[0]!;
  const accounts: Record<string, string> = {};
  for (const [code, type] of options.accounts) {
    const response = await as(first, 'POST', '/accounts', { code, name: `Account ${code}`, type });
    if (response.status !== 201) throw new Error(`account ${code}: ${response.status} ${await response.text()}`);
    accounts[code] = ((await response.json()) as { id: string }).id;
  }
  return { tenantId, accounts, as, sessions };
}
