import type { OperationInput } from '@azure/cosmos';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './cosmos';

describe('emulator transactional batch', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });

  async function ids(tenantId: string): Promise<string[]> {
    const { resources } = await db.containers.tenantData.items
      .query<{ id: string }>({
        query: 'SELECT c.id FROM c WHERE c.tenantId = @t',
        parameters: [{ name: '@t', value: tenantId }],
      })
      .fetchAll();
    return resources.map((doc) => doc.id).sort();
  }

  it('a failed batch leaves no trace of its earlier operations', async () => {
    const container = db.containers.tenantData;
    await container.items.create({ id: 'existing', tenantId: 't1', value: 1 });
    const operations: OperationInput[] = [
      { operationType: 'Create', resourceBody: { id: 'a', tenantId: 't1' } },
      { operationType: 'Upsert', resourceBody: { id: 'existing', tenantId: 't1', value: 2 } },
      { operationType: 'Create', resourceBody: { id: 'b', tenantId: 't1' } },
      { operationType: 'Create', resourceBody: { id: 'existing', tenantId: 't1' } },
    ];

    const response = await container.items.batch(operations, 't1');

    expect(response.code).toBe(207);
    expect(response.result?.map((r) => r.statusCode)).toEqual([424, 424, 424, 409]);
    expect(await ids('t1')).toEqual(['existing']);
    const { resource } = await container.item('existing', 't1').read<{ value: number }>();
    expect(resource?.value).toBe(1);
  });

  it('a replace with a stale etag rolls back the whole batch', async () => {
    const container = db.containers.tenantData;
    const { resource: created } = await container.items.create({ id: 'head', tenantId: 't2', seq: 1 });
    await container.item('head', 't2').replace({ id: 'head', tenantId: 't2', seq: 2 });

    const response = await container.items.batch(
      [
        { operationType: 'Create', resourceBody: { id: 'record-2', tenantId: 't2' } },
        {
          operationType: 'Replace',
          id: 'head',
          resourceBody: { id: 'head', tenantId: 't2', seq: 3 },
          ifMatch: created!._etag,
        },
      ],
      't2',
    );

    expect(response.result?.map((r) => r.statusCode)).toEqual([424, 412]);
    expect(await ids('t2')).toEqual(['head']);
  });

  it('a successful batch applies every operation', async () => {
    const response = await db.containers.tenantData.items.batch(
      [
        { operationType: 'Create', resourceBody: { id: 'x', tenantId: 't3' } },
        { operationType: 'Create', resourceBody: { id: 'y', tenantId: 't3' } },
      ],
      't3',
    );
    expect(response.result?.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(await ids('t3')).toEqual(['x', 'y']);
  });
  it('a conditional patch applies inside a batch, and a failed condition rolls back the batch', async () => {
    const container = db.containers.tenantData;
    await container.items.create({ id: 'period', tenantId: 't4', status: 'open', postings: 1 });
    const patch = (condition: string): OperationInput => ({
      operationType: 'Patch',
      id: 'period',
      resourceBody: { operations: [{ op: 'incr', path: '/postings', value: 2 }], condition },
    });

    const applied = await container.items.batch(
      [
        { operationType: 'Create', resourceBody: { id: 'p1', tenantId: 't4' } },
        patch("from c where c.status = 'open'"),
      ],
      't4',
    );
    const refused = await container.items.batch(
      [
        { operationType: 'Create', resourceBody: { id: 'p2', tenantId: 't4' } },
        patch("from c where c.status = 'closed'"),
      ],
      't4',
    );

    expect(applied.result?.map((r) => r.statusCode)).toEqual([201, 200]);
    expect(refused.result?.map((r) => r.statusCode)).toEqual([424, 412]);
    expect(await ids('t4')).toEqual(['p1', 'period']);
    const { resource } = await container.item('period', 't4').read<{ postings: number }>();
    expect(resource?.postings).toBe(3);
  });
  it("a patch condition is checked on the document in the batch's partition, not one with the same id elsewhere", async () => {
    const container = db.containers.tenantData;
    await container.items.create({ id: 'shared-id', tenantId: 't5', status: 'closed' });
    await container.items.create({ id: 'shared-id', tenantId: 't6', status: 'open' });
    const response = await container.items.batch(
      [
        {
          operationType: 'Patch',
          id: 'shared-id',
          resourceBody: {
            operations: [{ op: 'set', path: '/seen', value: true }],
            condition: "from c where c.status = 'open'",
          },
        },
      ],
      't5',
    );
    expect(response.result?.map((r) => r.statusCode)).toEqual([412]);
  });
});
