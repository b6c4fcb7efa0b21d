import type { Container } from '@azure/cosmos';
import type { AccessTokens } from '../../shared/identity/access-tokens';
import type { Member } from '../../shared/identity/member';
import { openBooks, type Books } from './ledger-books';
import { callAs } from './members';

export interface PayablesBooks extends Books {
  /** Calls `/api/<path>` as one of the organisation's members; answers the status and the parsed body. */
  call<T = Record<string, unknown>>(
    member: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** The same call, answering the response itself (a download). */
  raw(member: string, method: string, path: string): Promise<Response>;
}

/**
 * An organisation with members, a chart of accounts (1000 cash, 2000 AP control, 6000 expense)
 * and the AP control setting chosen by its first member, for suites that drive payables over HTTP.
 */
export async function openPayablesBooks(options: {
  readonly url: string;
  readonly data: Container;
  readonly tokens: AccessTokens;
  readonly members: Readonly<Record<string, Member['permissions']>>;
}): Promise<PayablesBooks> {
  const books = await openBooks({
    ...options,
    accounts: [
      ['1000', 'asset'],
      ['2000', 'liability'],
      ['1400', 'asset'],
      ['6000', 'expense'],
      ['6100', 'expense'],
    ],
  });
  const raw = callAs(`${options.url}/api/`, books.sessions);
  const call: PayablesBooks['call'] = async (member, method, path, body) => {
    const response = await raw(member, method, path, body);
    const text = await response.text();
    return {
      status: response.status,
      body: (text && /^application\/(problem\+)?json/.test(response.headers.get('content-type') ?? '')
        ? JSON.parse(text)
        : text) as never,
    };
  };
  const first = Object.keys(options.members)[0]!;
  const settings = await call(first, 'PUT', 'payables/settings', {
    apControlAccountId: books.accounts['2000'],
    purchaseTaxAccountId: books.accounts['1400'],
  });
  if (settings.status !== 200)
    throw new Error(`payables settings: ${settings.status} ${JSON.stringify(settings.body)}`);
  return { ...books, call, raw };
}
