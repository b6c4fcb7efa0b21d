import { beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '@azure/cosmos';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { createTestDatabase } from '../harness/cosmos';

/**
 * The emulator answers a query sent to one partition from that partition alone, as Cosmos does
 * (local/emulators/partition-queries.ts): the query below names no tenant, so a scan of the
 * whole container would return the other organisation's documents too.
 */
describe('emulator: queries sent to one partition', () => {
  let container: Container;
  const ids = async (partitionKey?: string) => {
    const query = { query: 'SELECT c.id FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'note' }] };
    const { resources } = await container.items
      .query<{ id: string }>(query, partitionKey === undefined ? {} : { partitionKey })
      .fetchAll();
    return resources.map((r) => r.id).sort();
  };

  beforeAll(async () => {
    container = (await createTestDatabase()).containers.tenantData;
    for (const tenantId of ['tenant-a', 'tenant-b'])
      for (const n of [1, 2, 3]) await container.items.create({ id: `note-${n}`, tenantId, type: 'note' });
  });

  it('reads only the named partition, and every partition without one', async () => {
    await container.items.create({ id: 'note-4', tenantId: 'tenant-b', type: 'note' });
    expect(await ids('tenant-a')).toEqual(['note-1', 'note-2', 'note-3']);
    expect(await ids('tenant-b')).toEqual(['note-1', 'note-2', 'note-3', 'note-4']);
    expect(await ids('tenant-c')).toEqual([]);
    expect(await ids()).toHaveLength(7);
  });

  it('follows replaces, deletes and a rolled-back batch', async () => {
    const { resource } = await container.item('note-2', 'tenant-a').read<{ id: string; tenantId: string }>();
    await container.item('note-2', 'tenant-a').replace({ ...resource!, type: 'note', body: 'edited' });
    await container.item('note-3', 'tenant-a').delete();
    const failed = await container.items.batch(
      [
        { operationType: 'Create', resourceBody: { id: 'note-9', tenantId: 'tenant-a', type: 'note' } },
        { operationType: 'Create', resourceBody: { id: 'note-1', tenantId: 'tenant-a', type: 'note' } },
      ],
      'tenant-a',
    );
    expect(failed.result?.[1]?.statusCode).toBe(409);
    expect(await ids('tenant-a')).toEqual(['note-1', 'note-2']);
    await container.items.create({ id: 'note-3', tenantId: 'tenant-a', type: 'note' });
    expect(await ids('tenant-a')).toEqual(['note-1', 'note-2', 'note-3']);
  });

  it("reads a type's documents as a query that names the type returns them, and every document otherwise", async () => {
    const typed = async (where: string) => {
      const query = {
        query: `SELECT c.id FROM c WHERE c.tenantId = @tenantId AND c.type = @type${where} ORDER BY c.id`,
        parameters: [
          { name: '@tenantId', value: 'tenant-d' },
          { name: '@type', value: 'memo' },
        ],
      };
      const { resources } = await container.items.query<{ id: string }>(query, { partitionKey: 'tenant-d' }).fetchAll();
      return resources.map((r) => r.id);
    };
    await container.items.create({ id: 'memo-1', tenantId: 'tenant-d', type: 'memo', n: 1, text: "it's (open" });
    await container.items.create({ id: 'memo-2', tenantId: 'tenant-d', type: 'memo', n: 2 });
    await container.items.create({ id: 'other-1', tenantId: 'tenant-d', type: 'other', n: 3 });
    expect(await typed('')).toEqual(['memo-1', 'memo-2']);
    expect(await typed(" AND (c.n > 5 OR c.text = 'it\\'s (open')")).toEqual(['memo-1']);
    // Not one ANDed group: OR binds looser than AND, so documents of another type may match.
    expect(await typed(' AND (c.n > 1) OR (c.n = 3)')).toEqual(['memo-2', 'other-1']);
    const { resource } = await container.item('other-1', 'tenant-d').read<Record<string, unknown>>();
    await container.item('other-1', 'tenant-d').replace({ ...resource!, type: 'memo' });
    expect(await typed('')).toEqual(['memo-1', 'memo-2', 'other-1']);
    await container.item('memo-1', 'tenant-d').delete();
    expect(await typed('')).toEqual(['memo-2', 'other-1']);
  });

  it("answers a query across partitions that names a type from that type's documents, as Cosmos's index does", async () => {
    const across = async (where: string) => {
      const query = {
        query: `SELECT c.id, c.tenantId FROM c WHERE c.type = @type${where}`,
        parameters: [{ name: '@type', value: 'ticket' }],
      };
      const { resources } = await container.items.query<{ id: string; tenantId: string }>(query).fetchAll();
      return resources.map((r) => `${r.tenantId}/${r.id}`).sort();
    };
    await container.items.create({ id: 'ticket-1', tenantId: 'tenant-e', type: 'ticket', state: 'pending' });
    await container.items.create({ id: 'ticket-1', tenantId: 'tenant-f', type: 'ticket', state: 'done' });
    await container.items.create({ id: 'other-1', tenantId: 'tenant-f', type: 'other', state: 'pending' });
    expect(await across('')).toEqual(['tenant-e/ticket-1', 'tenant-f/ticket-1']);
    expect(await across(" AND (c.state = 'pending')")).toEqual(['tenant-e/ticket-1']);
    // OR binds looser than AND: documents of another type may match, so every document is read.
    expect(await across(" AND (c.state = 'done') OR (c.state = 'pending')")).toEqual([
      'tenant-e/ticket-1',
      'tenant-f/other-1',
      'tenant-f/ticket-1',
    ]);
    const { resource } = await container.item('other-1', 'tenant-f').read<Record<string, unknown>>();
    await container.item('other-1', 'tenant-f').replace({ ...resource!, type: 'ticket' });
    await container.item('ticket-1', 'tenant-e').delete();
    expect(await across('')).toEqual(['tenant-f/other-1', 'tenant-f/ticket-1']);
  });

  it('finds named ids in the one partition, each with its own type, as findEach asks', async () => {
    const repository = new TenantRepository(container, { tenantId: 'tenant-a', actor: { id: 'test', kind: 'system' } });
    const [first, wrongType, missing, other] = await repository.findEach([
      { type: 'note', id: 'note-1' },
      { type: 'memo', id: 'note-2' },
      { type: 'note', id: 'note-404' },
      { type: 'note', id: 'note-4' },
    ] as const);
    expect(first?.tenantId).toBe('tenant-a');
    // note-2 is a note, and note-4 lives only in tenant-b's partition.
    expect([wrongType, missing, other]).toEqual([undefined, undefined, undefined]);
  });

  it('pages through one partition with continuation tokens', async () => {
    for (let n = 10; n < 25; n += 1)
      await container.items.create({ id: `note-${n}`, tenantId: 'tenant-c', type: 'note' });
    const iterator = container.items.query<{ id: string }>('SELECT c.id FROM c ORDER BY c.id', {
      partitionKey: 'tenant-c',
      maxItemCount: 4,
    });
    const seen: string[] = [];
    while (iterator.hasMoreResults()) seen.push(...(await iterator.fetchNext()).resources.map((r) => r.id));
    expect(seen).toHaveLength(15);
    expect(new Set(seen).size).toBe(15);
  });
});
