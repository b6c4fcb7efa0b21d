import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantContext } from '../../shared/platform/actor';
import { ConflictError, DocumentChangedError, NotFoundError } from '../../shared/platform/errors';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';

const alice: TenantContext = { tenantId: 'tenant-a', actor: { id: 'member-alice', kind: 'member', ip: '203.0.113.1' } };
const bob: TenantContext = { tenantId: 'tenant-b', actor: { id: 'member-bob', kind: 'member' } };
const fixedClock = { now: () => new Date('2026-11-24T10:00:00.000Z') };

describe('tenant repository', () => {
  let db: TestDatabase;
  let a: TenantRepository;
  let b: TenantRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = new TenantRepository(db.containers.tenantData, alice, fixedClock);
    b = new TenantRepository(db.containers.tenantData, bob, fixedClock);
  });

  it('cannot be built without a tenant', () => {
    expect(() => new TenantRepository(db.containers.tenantData, { tenantId: '', actor: alice.actor })).toThrow();
  });

  it("tenant B cannot read, replace or query tenant A's documents, nor learn they exist", async () => {
    const vendor = await a.create('vendor', 'vendor-1', { name: 'Acme' });

    await expect(b.get('vendor', 'vendor-1')).rejects.toThrow(NotFoundError);
    expect(await b.find('vendor', 'vendor-1')).toBeUndefined();
    await expect(b.replace(vendor, { name: 'Hijacked' })).rejects.toThrow(NotFoundError);
    expect((await b.query('vendor')).items).toEqual([]);
    // Bob may use the same id in his own organisation: ids are per tenant.
    await b.create('vendor', 'vendor-1', { name: 'Bob Supplies' });
    expect((await a.get<{ name: string }>('vendor', 'vendor-1')).name).toBe('Acme');
  });

  it('sets attribution itself and ignores what the caller claims', async () => {
    const created = await a.create('vendor', 'vendor-2', {
      name: 'Globex',
      tenantId: 'tenant-b',
      createdBy: 'someone-else',
      createdAt: '1999-01-01T00:00:00Z',
      type: 'account',
    } as { name: string });

    expect(created).toMatchObject({
      tenantId: 'tenant-a',
      type: 'vendor',
      createdBy: 'member-alice',
      createdAt: '2026-11-24T10:00:00.000Z',
      updatedBy: 'member-alice',
    });
    expect(created).not.toHaveProperty('_rid');
    expect(await b.find('vendor', 'vendor-2')).toBeUndefined();

    const later = new TenantRepository(
      db.containers.tenantData,
      { ...alice, actor: { id: 'member-carol', kind: 'member' } },
      { now: () => new Date('2026-11-25T00:00:00.000Z') },
    );
    const updated = await later.replace(created, { name: 'Globex Corp', createdBy: 'forged' } as { name: string });
    expect(updated).toMatchObject({
      createdBy: 'member-alice',
      createdAt: '2026-11-24T10:00:00.000Z',
      updatedBy: 'member-carol',
      updatedAt: '2026-11-25T00:00:00.000Z',
    });
  });

  it('lets exactly one of two concurrent replaces of the same version win', async () => {
    const original = await a.create('counter', 'counter-1', { value: 0 });
    const results = await Promise.allSettled([a.replace(original, { value: 1 }), a.replace(original, { value: 2 })]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(DocumentChangedError);
  });

  it('update retries until every concurrent increment lands', async () => {
    await a.create('counter', 'counter-2', { value: 0 });
    await Promise.all(
      Array.from({ length: 10 }, () =>
        a.update<{ value: number }>('counter', 'counter-2', (c) => ({ value: c.value + 1 })),
      ),
    );
    expect((await a.get<{ value: number }>('counter', 'counter-2')).value).toBe(10);
  });

  it('refuses to change a record marked immutable', async () => {
    const posted = await a.create('journal-entry', 'je-1', { memo: 'posted' }, { immutable: true });
    await expect(a.replace(posted, { memo: 'rewritten' })).rejects.toThrow(ConflictError);
  });

  it('a failed transaction leaves no trace', async () => {
    await a.create('vendor', 'vendor-3', { name: 'Initech' });
    const transaction = a
      .transaction()
      .create('bill', 'bill-1', { amount: '10.00' })
      .create('bill', 'bill-2', { amount: '20.00' })
      .create('vendor', 'vendor-3', { name: 'dup' });

    await expect(transaction.commit()).rejects.toThrow(ConflictError);

    expect(await a.find('bill', 'bill-1')).toBeUndefined();
    expect(await a.find('bill', 'bill-2')).toBeUndefined();
  });

  it('pages through a query with continuation tokens', async () => {
    for (let i = 0; i < 7; i += 1) await a.create('line', `line-${i}`, { n: i });
    const first = await a.query<{ n: number }>('line', { orderBy: 'c.n ASC', maxItemCount: 3 });
    expect(first.items.map((d) => d.n)).toEqual([0, 1, 2]);
    expect(first.continuationToken).toBeDefined();
    expect((await a.queryAll<{ n: number }>('line', { orderBy: 'c.n ASC', maxItemCount: 3 })).map((d) => d.n)).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
  });
});
