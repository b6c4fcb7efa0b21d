import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountFrom, type LedgerDependencies } from '../../shared/ledger/accounts';
import type { TenantContext } from '../../shared/platform/actor';
import { ConflictError, ForbiddenError, PreconditionFailedError } from '../../shared/platform/errors';
import { testLedgerDependencies } from '../harness/counted-ledger';
import { createTestDatabase } from '../harness/cosmos';

/** The chart of accounts' store keeps the errors it declares, and the member's reach, on every operation. */
describe("the ledger's chart store", () => {
  let deps: LedgerDependencies;
  const tenantId = `org-${randomUUID().slice(0, 8)}`;
  const admin: TenantContext = { tenantId, actor: { id: 'member-admin', kind: 'member' }, restrictions: {} };
  const plantOne: TenantContext = {
    tenantId,
    actor: { id: 'member-f1', kind: 'member' },
    restrictions: { facilities: ['F1'] },
  };

  beforeAll(async () => {
    const db = await createTestDatabase();
    deps = testLedgerDependencies(db);
    const store = deps.chartStoreFor(admin);
    await store.createAccounts([
      { id: 'account-cash', account: accountFrom({ code: '1000', name: 'Cash', type: 'asset' }) },
      { id: 'account-f1', account: accountFrom({ code: '1100', name: 'Plant one', type: 'asset', facility: 'F1' }) },
      { id: 'account-f2', account: accountFrom({ code: '1200', name: 'Plant two', type: 'asset', facility: 'F2' }) },
    ]);
  });

  it('lists and finds only the accounts in a restricted member’s reach', async () => {
    const store = deps.chartStoreFor(plantOne);
    expect((await store.listAccounts()).map((a) => a.id)).toEqual(['account-cash', 'account-f1']);
    expect(await store.findAccount('account-f2')).toBeUndefined();
    expect((await deps.chartStoreFor(admin).findAccount('account-f2'))?.code).toBe('1200');
  });

  it('refuses a restricted member’s writes outside their reach and whole-organisation changes', async () => {
    const store = deps.chartStoreFor(plantOne);
    const f2 = accountFrom({ code: '1300', name: 'Plant two again', type: 'asset', facility: 'F2' });
    await expect(store.createAccounts([{ id: 'account-f2b', account: f2 }])).rejects.toThrow(ForbiddenError);
    expect(await deps.chartStoreFor(admin).findAccount('account-f2b')).toBeUndefined();
    const cash = (await store.findAccount('account-cash'))!;
    await expect(store.saveAccount(cash, { ...cash, name: 'Renamed' })).rejects.toThrow(ForbiddenError);
    expect(() => store.requireWholeOrganisation('Loading a chart of accounts')).toThrow(ForbiddenError);
  });

  it('answers a taken code with ConflictError and a stale account with PreconditionFailedError', async () => {
    const store = deps.chartStoreFor(admin);
    const again = accountFrom({ code: '1000', name: 'Cash again', type: 'asset' });
    await expect(store.createAccounts([{ id: 'account-cash-2', account: again }])).rejects.toThrow(/account-code/);
    await expect(store.createAccounts([{ id: 'account-cash-2', account: again }])).rejects.toThrow(ConflictError);
    const read = (await store.findAccount('account-f1'))!;
    await store.saveAccount(read, { ...read, name: 'Plant one, renamed' });
    await expect(store.saveAccount(read, { ...read, name: 'Lost update' })).rejects.toThrow(PreconditionFailedError);
    expect((await store.findAccount('account-f1'))?.name).toBe('Plant one, renamed');
  });
});
