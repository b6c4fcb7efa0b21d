import { requireActiveDimensions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, NotFoundError } from '../platform/errors';
import type { LedgerDependencies } from './ledger-dependencies';
import type { ChartStore } from './ledger-store';
import { accountView, type AccountChanges, type AccountType, type AccountView, type NewAccount } from './schemas';

export const accountType = 'account';

/** Assets and expenses grow with debits; liabilities, equity and revenue with credits. */
export const normalBalanceOf = (type: AccountType): 'debit' | 'credit' =>
  type === 'asset' || type === 'expense' ? 'debit' : 'credit';

export interface Account {
  readonly code: string;
  readonly name: string;
  /** Named so because `type` is the data layer's document discriminator. */
  readonly accountType: AccountType;
  readonly normalBalance: 'debit' | 'credit';
  readonly parentId: string | null;
  readonly facility: string | null;
  readonly division: string | null;
  readonly active: boolean;
  /** Soft delete: the record stays for history and attribution. */
  readonly deleted: boolean;
  /** Set by the first posting batch that touches the account (posting-checks.ts); never deleted after. */
  readonly hasPostings?: boolean;
  /** What accounts written before `hasPostings` counted instead. */
  readonly postingCount?: number;
}

export type { LedgerDependencies } from './ledger-dependencies';

/** Codes are unique within an organisation: an index document whose id is the code. */
export const accountCodeIndexId = (code: string) => `account-code-${code}`;

/** The schema picks the fields; `type` is the account's type, not the document's. */
const view = (account: Stored<Account>): AccountView => accountView.parse({ ...account, type: account.accountType });

/** A new account as the chart keeps it: active, undeleted, without postings. */
export function accountFrom(input: Pick<NewAccount, 'code' | 'name' | 'type'> & Partial<NewAccount>): Account {
  return {
    code: input.code,
    name: input.name,
    accountType: input.type,
    normalBalance: normalBalanceOf(input.type),
    parentId: input.parentId ?? null,
    facility: input.facility ?? null,
    division: input.division ?? null,
    active: true,
    deleted: false,
    hasPostings: false,
  };
}

export async function requireAccount(store: ChartStore, id: string): Promise<Stored<Account>> {
  const account = await store.findAccount(id);
  if (!account) throw new NotFoundError(`No account with id ${id}`);
  return account;
}

/** Read-modify-write of one account, retried when someone changed it meanwhile. */
function changeAccount(
  store: ChartStore,
  id: string,
  mutate: (current: Stored<Account>) => Account | Promise<Account>,
): Promise<Stored<Account>> {
  return retryOnConflict(`account ${id}`, async () => {
    const current = await requireAccount(store, id);
    return store.saveAccount(current, await mutate(current));
  });
}

export async function listAccounts(
  deps: LedgerDependencies,
  context: TenantContext,
  options: { includeInactive?: boolean } = {},
): Promise<AccountView[]> {
  const accounts = await deps.chartStoreFor(context).listAccounts();
  return accounts.filter((a) => !a.deleted && (options.includeInactive || a.active)).map(view);
}

export async function getAccount(deps: LedgerDependencies, context: TenantContext, id: string): Promise<AccountView> {
  return view(await requireAccount(deps.chartStoreFor(context), id));
}

async function assertParent(
  store: ChartStore,
  parentId: string | null | undefined,
  type: AccountType,
  selfId?: string,
): Promise<void> {
  if (!parentId) return;
  if (parentId === selfId) throw new ConflictError('An account cannot roll up into itself');
  const parent = await store.findAccount(parentId);
  if (!parent || parent.deleted) throw new ConflictError('The parent account does not exist');
  if (parent.accountType !== type) throw new ConflictError('An account rolls up only into an account of the same type');
}

export async function createAccount(
  deps: LedgerDependencies,
  context: TenantContext,
  input: NewAccount,
): Promise<AccountView> {
  const store = deps.chartStoreFor(context);
  await requireActiveDimensions(deps, context, [input], () => '');
  await assertParent(store, input.parentId, input.type);
  const id = `account-${deps.ids.newId()}`;
  try {
    await store.createAccounts([{ id, account: accountFrom(input) }]);
  } catch (error) {
    if (error instanceof ConflictError && /account-code/.test(error.message))
      throw new ConflictError(`Account code ${input.code} is already used`);
    throw error;
  }
  return view(await requireAccount(store, id));
}

export async function updateAccount(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
  changes: AccountChanges,
): Promise<AccountView> {
  const store = deps.chartStoreFor(context);
  await requireActiveDimensions(deps, context, [changes], () => '');
  const updated = await changeAccount(store, id, async (current) => {
    if (current.deleted) throw new ConflictError('The account was deleted');
    if (changes.parentId !== undefined) await assertParent(store, changes.parentId, current.accountType, id);
    return {
      ...current,
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.parentId !== undefined ? { parentId: changes.parentId } : {}),
      ...(changes.facility !== undefined ? { facility: changes.facility } : {}),
      ...(changes.division !== undefined ? { division: changes.division } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
    };
  });
  return view(updated);
}

/** Accounts are never hard-deleted; one with postings (and so possibly a balance) not even softly. */
export async function deleteAccount(deps: LedgerDependencies, context: TenantContext, id: string): Promise<void> {
  await changeAccount(deps.chartStoreFor(context), id, (current) => {
    if (current.hasPostings || (current.postingCount ?? 0) > 0)
      throw new ConflictError('This account has postings; deactivate it instead');
    return { ...current, deleted: true, active: false };
  });
}
