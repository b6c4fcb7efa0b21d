import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountFrom } from '../../shared/ledger/accounts';
import type { JournalEntry } from '../../shared/ledger/journal-entry';
import type { JournalPosting } from '../../shared/ledger/journal-store';
import { ledgerDependencies, type LedgerDependencies } from '../../shared/ledger/ledger-dependencies';
import type { TenantContext } from '../../shared/platform/actor';
import { createRequestCounter } from '../../shared/platform/data/request-counter';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { ConflictError, ForbiddenError, PreconditionFailedError } from '../../shared/platform/errors';
import { countedLedgerDependencies } from '../harness/counted-ledger';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';

/** The journal's store keeps the errors it declares, the member's reach and gap-free numbers on every operation. */
describe("the ledger's journal store", () => {
  let db: TestDatabase;
  let deps: LedgerDependencies;
  const counter = createRequestCounter();
  const tenantId = `org-${randomUUID().slice(0, 8)}`;
  const admin: TenantContext = { tenantId, actor: { id: 'member-admin', kind: 'member' }, restrictions: {} };
  const second: TenantContext = { tenantId, actor: { id: 'member-second', kind: 'member' }, restrictions: {} };
  const plantOne: TenantContext = {
    tenantId,
    actor: { id: 'member-f1', kind: 'member' },
    restrictions: { facilities: ['F1'] },
  };

  const entry = (facility: string | null, amountMinor = '100'): JournalEntry => ({
    status: 'draft',
    number: null,
    date: '2026-02-10',
    memo: 'store',
    reference: null,
    currency: 'USD',
    lines: [
      { accountId: 'account-cash', side: 'debit', amountMinor, facility, division: null, memo: null },
      { accountId: 'account-sales', side: 'credit', amountMinor, facility, division: null, memo: null },
    ],
    reversalOf: null,
    postedAt: null,
    postedBy: null,
    drafters: ['member-admin'],
    submittedBy: null,
    submittedAt: null,
  });
  const posting = (id: string, facility: string | null = null): JournalPosting => ({
    entryId: id,
    entry: entry(facility),
    audit: { action: 'ledger.entry-posted' },
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    deps = countedLedgerDependencies(db, counter);
    await new TenantRepository(deps.container, admin).create('organization', tenantId, {
      slug: 's',
      name: 'S',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
    });
    await deps.chartStoreFor(admin).createAccounts([
      { id: 'account-cash', account: accountFrom({ code: '1000', name: 'Cash', type: 'asset' }) },
      { id: 'account-sales', account: accountFrom({ code: '4000', name: 'Sales', type: 'revenue' }) },
    ]);
  });

  it('numbers concurrent posts 1..n with no gap, and knows from then on that the books are numbered', async () => {
    const store = deps.journalStoreFor(admin);
    expect(await store.hasNumberedEntries()).toBe(false);
    const posted = await Promise.all(Array.from({ length: 30 }, (_, i) => store.post(posting(`je-n${i}`))));
    expect(posted.map((p) => p.number).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(posted.every((p) => p.status === 'posted' && p.postedBy === 'member-admin')).toBe(true);
    expect(await store.hasNumberedEntries()).toBe(true);
    await expect(store.post(posting('je-n0'))).rejects.toThrow(ConflictError);
  });

  it('hides entries outside a restricted member’s reach and refuses their writes there, writing nothing', async () => {
    const store = deps.journalStoreFor(plantOne);
    await deps.journalStoreFor(admin).addDraft('je-f2', entry('F2'));
    expect(await store.findEntry('je-f2')).toBeUndefined();
    expect((await store.listEntries({ pageSize: 100 })).items.map((e) => e.id)).not.toContain('je-f2');
    await expect(store.addDraft('je-f2-by-f1', entry('F2'))).rejects.toThrow(ForbiddenError);
    await expect(store.post(posting('je-f2-posted', 'F2'))).rejects.toThrow(ForbiddenError);
    await expect(store.changeDualControl(() => ({ dualControl: true, result: null }))).rejects.toThrow(ForbiddenError);
    const seen = deps.journalStoreFor(admin);
    expect(await seen.findEntry('je-f2-by-f1')).toBeUndefined();
    expect(await seen.findEntry('je-f2-posted')).toBeUndefined();
    expect((await seen.readBooks()).dualControl).toBe(false);
    expect((await store.addDraft('je-f1', entry('F1'))).lines[0]?.facility).toBe('F1');
  });

  it('keeps a later edit over a stale one and answers the stale one with PreconditionFailedError', async () => {
    const store = deps.journalStoreFor(admin);
    const read = await store.addDraft('je-edit', entry(null));
    await store.saveDraft(read, { ...read, memo: 'first edit' });
    await expect(store.saveDraft(read, { ...read, memo: 'lost update' })).rejects.toThrow(PreconditionFailedError);
    await expect(store.post({ ...posting('je-edit'), existing: read })).rejects.toThrow(PreconditionFailedError);
    expect((await store.findEntry('je-edit'))?.memo).toBe('first edit');
  });

  it('creates once per Idempotency-Key and refuses the key with another request', async () => {
    const store = deps.journalStoreFor(admin);
    const call = { scope: 'test.create', key: 'k-1', request: { memo: 'a' } };
    const first = await store.addDraft('je-idem-1', entry(null), { idempotency: call });
    const again = await store.addDraft('je-idem-2', entry(null), { idempotency: call });
    expect(again.id).toBe(first.id);
    expect(await store.findEntry('je-idem-2')).toBeUndefined();
    await expect(
      store.addDraft('je-idem-3', entry(null), { idempotency: { ...call, request: { memo: 'b' } } }),
    ).rejects.toThrow(ConflictError);
    // The key belongs to whoever sent it: another member's same key is their own.
    const theirs = await deps.journalStoreFor(second).addDraft('je-idem-4', entry(null), { idempotency: call });
    expect(theirs.id).toBe('je-idem-4');
  });

  it('posts once per Idempotency-Key: the replay is the first entry, and takes no number', async () => {
    const store = deps.journalStoreFor(admin);
    const call = { scope: 'test.post', key: 'k-post', request: { memo: 'p' } };
    const first = await store.postOnce(call, posting('je-once-1'));
    const replay = await store.postOnce(call, posting('je-once-2'));
    expect(first.replayed).toBe(false);
    expect(replay).toMatchObject({ replayed: true, entry: { id: 'je-once-1', number: first.entry.number } });
    expect(await store.findEntry('je-once-2')).toBeUndefined();
    const next = await store.post(posting('je-once-3'));
    expect(next.number).toBe(first.entry.number! + 1);
  });

  it('links a reversal to its original in the posting batch; a second reversal of it fails whole', async () => {
    const store = deps.journalStoreFor(admin);
    const original = await store.post(posting('je-original'));
    expect(await store.findReversal(original.id)).toBeNull();
    const reversal = { ...posting('je-reversal'), reverses: original.id };
    await store.post(reversal);
    expect(await store.findReversal(original.id)).toBe('je-reversal');
    const last = (await store.post(posting('je-before'))).number!;
    await expect(store.post({ ...posting('je-reversal-2'), reverses: original.id })).rejects.toThrow(ConflictError);
    expect(await store.findEntry('je-reversal-2')).toBeUndefined();
    expect((await store.post(posting('je-after'))).number).toBe(last + 1);
  });

  it('opens a restricted member’s repository once for every store built from the same dependencies', async () => {
    const reads = async (chart: LedgerDependencies, journal: LedgerDependencies) => {
      counter.reset();
      await journal.journalStoreFor(plantOne).findEntry('je-f1');
      await chart.chartStoreFor(plantOne).findAccount('account-cash');
      return counter.roundTrips;
    };
    const fresh = () => ledgerDependencies({ container: deps.container, clock: deps.clock, ids: deps.ids });
    const shared = fresh();
    const first = await reads(shared, shared);
    const again = await reads(shared, shared);
    const apart = await reads(fresh(), fresh());
    // Two point reads once open; opening reads the chart (to know what is out of reach): once, not per store.
    expect(again).toBe(2);
    expect(first).toBeGreaterThan(again);
    expect(apart - first).toBe(first - again);
  });
});
