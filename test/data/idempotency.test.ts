import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantContext } from '../../shared/platform/actor';
import { runIdempotent } from '../../shared/platform/data/idempotency';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { ConflictError } from '../../shared/platform/errors';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';

const context: TenantContext = { tenantId: 'tenant-idem', actor: { id: 'member-1', kind: 'member' } };

describe('idempotency keys', () => {
  let db: TestDatabase;
  let repository: TenantRepository;
  let sequence = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    repository = new TenantRepository(db.containers.tenantData, context);
  });

  function createInvoice(key: string, body: { amount: string }) {
    return runIdempotent(repository, 'invoices.create', key, body, async (transaction) => {
      sequence += 1;
      const id = `invoice-${key}-${sequence}`;
      transaction.create('invoice', id, body);
      return { id };
    });
  }

  async function invoicesFor(key: string) {
    return (
      await repository.queryAll<{ id: string }>('invoice', {
        where: 'STARTSWITH(c.id, @prefix)',
        parameters: [{ name: '@prefix', value: `invoice-${key}-` }],
      })
    ).length;
  }

  it('replays the first result for the same key and request', async () => {
    const first = await createInvoice('key-replay-0001', { amount: '10.00' });
    const second = await createInvoice('key-replay-0001', { amount: '10.00' });

    expect(first.replayed).toBe(false);
    expect(second).toEqual({ result: first.result, replayed: true });
    expect(await invoicesFor('key-replay-0001')).toBe(1);
  });

  it('refuses the same key with a different request', async () => {
    await createInvoice('key-conflict-01', { amount: '10.00' });
    await expect(createInvoice('key-conflict-01', { amount: '99.00' })).rejects.toThrow(ConflictError);
    expect(await invoicesFor('key-conflict-01')).toBe(1);
  });

  it('twenty concurrent requests with one key have one effect', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => createInvoice('key-concurrent', { amount: '5.00' })),
    );

    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.result.id)).size).toBe(1);
    expect(await invoicesFor('key-concurrent')).toBe(1);
  });

  it('keeps keys of different tenants apart', async () => {
    const other = new TenantRepository(db.containers.tenantData, { ...context, tenantId: 'tenant-idem-2' });
    await createInvoice('key-shared-0001', { amount: '1.00' });
    const outcome = await runIdempotent(
      other,
      'invoices.create',
      'key-shared-0001',
      { amount: '2.00' },
      async (transaction) => {
        transaction.create('invoice', 'invoice-other', { amount: '2.00' });
        return { id: 'invoice-other' };
      },
    );
    expect(outcome.replayed).toBe(false);
  });

  it("keeps keys of different members apart: a second member's key never replays the first member's result", async () => {
    const colleague = new TenantRepository(db.containers.tenantData, {
      ...context,
      actor: { id: 'member-2', kind: 'member' },
    });
    const mine = await createInvoice('key-members-01', { amount: '3.00' });
    const theirs = await runIdempotent(
      colleague,
      'invoices.create',
      'key-members-01',
      { amount: '4.00' },
      async (t) => {
        t.create('invoice', 'invoice-key-members-01-colleague', { amount: '4.00' });
        return { id: 'invoice-key-members-01-colleague' };
      },
    );
    expect(theirs).toEqual({ result: { id: 'invoice-key-members-01-colleague' }, replayed: false });
    expect((await createInvoice('key-members-01', { amount: '3.00' })).result).toEqual(mine.result);
    expect(await invoicesFor('key-members-01')).toBe(2);
  });
});
