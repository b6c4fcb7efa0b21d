import { randomUUID } from 'node:crypto';
import { CosmosClient, type CosmosClientOptions, type PluginConfig } from '@azure/cosmos';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../shared/ledger/accounts';
import { createDraft } from '../../shared/ledger/journal-entries';
import { journalEntryType, type JournalEntry } from '../../shared/ledger/journal-entry';
import { postEntry } from '../../shared/ledger/journal-posting';
import type { TenantContext } from '../../shared/platform/actor';
import { appendAuditRecord, stageAuditRecord } from '../../shared/platform/audit/audit-log';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { verifyAuditChain } from '../../shared/platform/audit/verify-chain';
import { containers } from '../../shared/platform/data/containers';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { DocumentExistsError } from '../../shared/platform/errors';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';
import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';

/**
 * Audited writes of one organisation share one hash chain. These race them the way a busy
 * organisation does: many at once in one process, from two processes (two clients: two lanes
 * that know nothing of each other), and mixed with grouped posting.
 */
describe('audited writes of one organisation (the audit lane)', () => {
  let db: TestDatabase;
  let batches = 0;
  const countBatches: PluginConfig = {
    on: 'request',
    plugin: (context, _diagnostics, next) => {
      if (String(context.operationType) === 'batch') batches += 1;
      return next(context);
    },
  };
  const instance = () =>
    new CosmosClient({ endpoint: db.endpoint, key: db.key, plugins: [countBatches] } as CosmosClientOptions)
      .database(db.name)
      .container(containers.tenantData.name);

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  const newContext = (): TenantContext => ({
    tenantId: `org-${randomUUID().slice(0, 8)}`,
    actor: { id: 'member-1', kind: 'member' },
    restrictions: {},
  });

  /** One business write and its audit record in one batch, as every domain writes them. */
  async function audited(repository: TenantRepository, id: string): Promise<void> {
    const transaction = repository.transaction().create('note', id, { text: id });
    await stageAuditRecord(
      repository,
      transaction,
      repository.context,
      { action: 'note.created', target: { type: 'note', id } },
      new Date(),
    );
    await transaction.commit();
  }

  async function chainOf(repository: TenantRepository) {
    const records = await repository.queryAll<AuditRecord>(auditRecordType, { orderBy: 'c.sequence ASC' });
    return { records, verdict: await verifyAuditChain(repository) };
  }

  it('sixty concurrent audited writes all commit, in fewer batches than writes, on one unforked chain', async () => {
    const repository = new TenantRepository(instance(), newContext());
    batches = 0;
    await Promise.all(Array.from({ length: 60 }, (_, i) => audited(repository, `note-${i}`)));
    const { records, verdict } = await chainOf(repository);
    expect(verdict).toEqual({ ok: true, count: 60 });
    expect(new Set(records.map((r) => r.target.id)).size).toBe(60);
    expect(batches).toBeLessThan(60);
    expect(await repository.queryAll('note')).toHaveLength(60);
  });

  it('a write that fails on its own document gets its own error; the writes batched with it commit', async () => {
    const repository = new TenantRepository(instance(), newContext());
    await audited(repository, 'note-taken');
    const outcomes = await Promise.allSettled(
      ['note-a', 'note-taken', 'note-b', 'note-c'].map((id) => audited(repository, id)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DocumentExistsError);
    const { records, verdict } = await chainOf(repository);
    expect(verdict).toEqual({ ok: true, count: 4 });
    expect(records.map((r) => r.target.id).sort()).toEqual(['note-a', 'note-b', 'note-c', 'note-taken']);
  });

  it('two processes appending at once both finish, and the chain neither forks nor skips', async () => {
    const context = newContext();
    const first = new TenantRepository(instance(), context);
    const second = new TenantRepository(instance(), context);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? audited(first, `note-${i}`)
          : appendAuditRecord(second, context, { action: 'note.read', target: { type: 'note', id: `n-${i}` } }),
      ),
    );
    // Each lane now holds a head the other has moved past: the next write finds out and still lands.
    await audited(first, 'note-after');
    await audited(second, 'note-after-2');
    const { records, verdict } = await chainOf(first);
    expect(verdict).toEqual({ ok: true, count: 42 });
    expect(records.map((r) => r.sequence)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
  });

  it('posts and other audited writes of one organisation share the chain without a failure or a gap', async () => {
    const container = instance();
    const context = newContext();
    const deps = { container, clock: { now: () => new Date() }, ids: { newId: () => randomUUID() } };
    const repository = new TenantRepository(container, context);
    await repository.create('organization', context.tenantId, {
      slug: 'lane',
      name: 'Lane',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
    });
    const cash = (await createAccount(ledgerDependencies(deps), context, { code: '1000', name: 'Cash', type: 'asset' }))
      .id;
    const sales = (
      await createAccount(ledgerDependencies(deps), context, { code: '4000', name: 'Sales', type: 'revenue' })
    ).id;
    const drafts = await Promise.all(
      Array.from({ length: 30 }, () =>
        createDraft(ledgerDependencies(deps), context, {
          date: '2026-02-10',
          memo: 'lane',
          currency: 'USD',
          lines: [
            { accountId: cash, side: 'debit', amount: '1.00' },
            { accountId: sales, side: 'credit', amount: '1.00' },
          ],
        }),
      ),
    );
    await Promise.all([
      ...drafts.map((draft) => postEntry(ledgerDependencies(deps), context, draft.id)),
      ...Array.from({ length: 30 }, (_, i) => audited(repository, `note-${i}`)),
    ]);
    const posted = await repository.queryAll<JournalEntry>(journalEntryType, { where: "c.status = 'posted'" });
    expect(posted.map((e) => e.number).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const { records, verdict } = await chainOf(repository);
    expect(verdict.ok).toBe(true);
    expect(records.filter((r) => r.action === 'note.created')).toHaveLength(30);
    expect(records.filter((r) => r.target.type === 'journal-entry' && r.details?.number)).toHaveLength(30);
  });
});
