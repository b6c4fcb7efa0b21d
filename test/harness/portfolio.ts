import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { createAccessTokens } from '../../shared/identity/access-tokens';
import type { Member } from '../../shared/identity/member';
import type { AccountType } from '../../shared/ledger/schemas';
import { systemClock } from '../../shared/platform/clock';
import { parseSigningKeyRing } from '../../shared/platform/config/secrets';
import { addDimensions } from './dimensions';
import { addMembersWithSessions, addTestOrganization, callAs } from './members';

const everything = {
  ledger: 'admin',
  'journal-entries': 'admin',
  portfolio: 'admin',
  members: 'admin',
  settings: 'admin',
  audit: 'admin',
} as const;

/** The members every portfolio organisation has: an admin, a reader, and an admin restricted to F1. */
export const portfolioMembers: Readonly<Record<string, Member['permissions']>> = {
  admin: everything,
  viewer: { ...everything, portfolio: 'read' },
  restricted: everything,
};

export interface PortfolioOrganisation {
  readonly tenantId: string;
  readonly name: string;
  readonly accounts: Readonly<Record<string, string>>;
  /** Calls `/api/<path>` as one of its members (sessions opened at setup, so signed in just now). */
  call(member: string, method: string, path: string, body?: unknown): Promise<Response>;
  ok<T>(member: string, method: string, path: string, body?: unknown): Promise<T>;
  /** Posts a balanced entry debiting `debit` and crediting `credit`. */
  post(date: string, debit: string, credit: string, amount: string): Promise<void>;
}

/**
 * An organisation for portfolio suites: its profile (as the seed writes it), the three members
 * above with open sessions, and a chart of accounts made through the API.
 */
export async function portfolioOrganisation(options: {
  readonly url: string;
  readonly data: Container;
  readonly signingKeys: string;
  readonly name: string;
  readonly currency?: string;
  readonly accounts: ReadonlyArray<readonly [code: string, type: AccountType]>;
}): Promise<PortfolioOrganisation> {
  const tokens = createAccessTokens(parseSigningKeyRing('TOKEN_SIGNING_KEYS', options.signingKeys), systemClock);
  const tenantId = `org-${randomUUID().slice(0, 8)}`;
  const currency = options.currency ?? 'USD';
  await addTestOrganization(options.data, tenantId, {
    name: options.name,
    baseCurrency: currency,
    booksStartMonth: '2025-01',
  });
  const sessions = await addMembersWithSessions(options.data, tokens, tenantId, portfolioMembers);
  const call: PortfolioOrganisation['call'] = callAs(`${options.url}/api/`, sessions);
  const ok = async <T>(member: string, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await call(member, method, path, body);
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  await addDimensions(`${options.url}/api`, sessions.admin!, { facilities: ['F1'] });
  await ok('admin', 'PUT', 'admin/members/restricted/restrictions', { facilities: ['F1'] });
  const accounts: Record<string, string> = {};
  for (const [code, type] of options.accounts)
    accounts[code] = (
      await ok<{ id: string }>('admin', 'POST', 'ledger/accounts', { code, name: `${options.name} ${code}`, type })
    ).id;
  const post: PortfolioOrganisation['post'] = async (date, debit, credit, amount) => {
    const lines = [
      { accountId: accounts[debit], side: 'debit', amount },
      { accountId: accounts[credit], side: 'credit', amount },
    ];
    await ok('admin', 'POST', 'ledger/journal-entries/create-and-post', {
      date,
      memo: 'Portfolio suite',
      currency,
      lines,
    });
  };
  return { tenantId, name: options.name, accounts, call, ok, post };
}

/** The month before the current one (month-end balances that exist), and the current one. */
export function recentMonths(now = new Date()): { last: string; current: string } {
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { last: last.toISOString().slice(0, 7), current: now.toISOString().slice(0, 7) };
}
