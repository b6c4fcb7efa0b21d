import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerDependencies } from '../../shared/ledger/accounts';
import { snapshotId, snapshotType } from '../../shared/ledger/balance-snapshots';
import { closeSchedule } from '../../shared/ledger/close-schedule';
import { DimensionBalances } from '../../shared/ledger/dimension-balances';
import { counterId, counterType } from '../../shared/ledger/entry-numbers';
import { journalEntryType } from '../../shared/ledger/journal-entry';
import { closePeriod } from '../../shared/ledger/period-close';
import type { EntryToNumber, MonthClose } from '../../shared/ledger/period-store';
import { periodId, periodType } from '../../shared/ledger/periods';
import type { TenantContext } from '../../shared/platform/actor';
import { outboxType } from '../../shared/platform/outbox/outbox-record';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError } from '../../shared/platform/errors';
import { testLedgerDependencies } from '../harness/counted-ledger';
import { createTestDatabase } from '../harness/cosmos';
import { newHistoryBooks, writePostedHistory, type HistoryBooks } from '../harness/ledger-history';

/** The periods' stores keep the errors they declare, write all or nothing, and keep the member's reach. */
describe("the ledger's period stores", () => {
  let deps: LedgerDependencies;
  let books: HistoryBooks;
  let raw: TenantRepository;
  const plantOne = (tenantId: string): TenantContext => ({
    tenantId,
    actor: { id: 'member-f1', kind: 'member' },
    restrictions: { facilities: ['F1'] },
  });
  const documents = async (type: string) => (await raw.queryAll(type)).map((d) => d.id).sort();

  beforeAll(async () => {
    const db = await createTestDatabase();
    deps = testLedgerDependencies(db, '2026-03-05T02:00:00Z');
    books = await newHistoryBooks(deps, '2026-01');
    await writePostedHistory(deps, books, {
      startMonth: '2026-01',
      months: 2,
      entriesPerMonth: 4,
      linesPerEntry: 4,
      place: (_, line) => ({ facility: line === 0 ? 'F1' : 'F2', division: null }),
    });
    raw = new TenantRepository(deps.container, books.context);
  });

  /** A posted closing entry as the store numbers it. */
  const closingEntry = (date: string): EntryToNumber['entry'] => ({
    status: 'posted',
    date,
    memo: 'closing',
    reference: null,
    currency: 'USD',
    lines: [],
    reversalOf: null,
    postedAt: '2026-03-05T02:00:00.000Z',
    postedBy: books.context.actor.id,
    closing: true,
  });

  const closeOf = (current: MonthClose['current'], month = '2026-01'): MonthClose => ({
    current,
    closed: {
      month,
      status: 'closed',
      postings: current?.postings ?? 0,
      closedAt: '2026-03-05T02:00:00.000Z',
      closedBy: books.context.actor.id,
      snapshotVersion: 1,
      closingEntryId: null,
    },
    balances: new DimensionBalances(),
    closingEntry: null,
    audit: { action: 'ledger.period-closed', target: { type: 'period', id: month } },
  });

  it('refuses a restricted member every whole-organisation write, and writes nothing', async () => {
    const store = deps.periodStoreFor(plantOne(books.context.tenantId));
    expect(() => store.requireWholeOrganisation('Closing a month')).toThrow(ForbiddenError);
    const period = await store.findPeriod('2026-01');
    expect(period?.status).toBe('open');
    await expect(store.closeMonth(closeOf(period))).rejects.toThrow(ForbiddenError);
    await expect(
      store.askToReopen(
        undefined,
        { month: '2026-01', requestedBy: 'member-f1', snapshotVersion: 1, state: 'pending' },
        { action: 'ledger.period-reopen-requested', target: { type: 'period', id: '2026-01' } },
      ),
    ).rejects.toThrow(ForbiddenError);
    expect((await raw.get<{ status: string }>(periodType, periodId('2026-01'))).status).toBe('open');
    expect(await documents(snapshotType)).toEqual([]);
    expect(await documents('reopen-request')).toEqual([]);
  });

  it('a close that read its period before a post counted into it fails whole: no snapshot, entry, number or outbox record', async () => {
    const store = deps.periodStoreFor(books.context);
    const period = (await store.findPeriod('2026-01'))!;
    const retained = (await store.listAccounts()).find((a) => a.code === '3900')!;
    await raw.replace(period, { ...period, postings: period.postings + 1 }); // a post committed meanwhile
    const counterBefore = await raw.find(counterType, counterId);
    const close: MonthClose = {
      ...closeOf(period),
      closingEntry: { id: 'je-year-end-test', entry: closingEntry('2026-01-31'), firstPostingOf: retained },
    };
    await expect(store.closeMonth(close)).rejects.toThrow(PreconditionFailedError);
    await expect(store.closeMonth({ ...close, current: undefined })).rejects.toThrow(ConflictError);
    expect((await store.findPeriod('2026-01'))?.status).toBe('open');
    expect(await raw.find(snapshotType, snapshotId('2026-01', 1))).toBeUndefined();
    expect(await raw.find(journalEntryType, 'je-year-end-test')).toBeUndefined();
    expect((await raw.find(counterType, counterId))?.etag).toBe(counterBefore?.etag);
    expect((await store.listAccounts()).find((a) => a.code === '3900')?.hasPostings).not.toBe(true);
    expect(await documents(outboxType)).toEqual([]);
  });

  it('a reopen that read a closed month before it was locked writes nothing, not even the reversal', async () => {
    await closePeriod(deps, books.context, '2026-01');
    const store = deps.periodStoreFor(books.context);
    const closed = (await store.findPeriod('2026-01'))!;
    expect(closed.status).toBe('closed');
    await raw.replace(closed, { ...closed, status: 'locked' });
    const reversal = { id: 'je-reversal-test', reversalOf: 'je-closing-test', entry: closingEntry('2026-01-31') };
    await expect(
      store.changeClosedPeriod({
        current: closed,
        next: { ...closed, status: 'open', closedAt: null, closedBy: null },
        reversal,
        request: null,
        audit: { action: 'ledger.period-reopened', target: { type: 'period', id: '2026-01' } },
      }),
    ).rejects.toThrow(PreconditionFailedError);
    expect((await store.findPeriod('2026-01'))?.status).toBe('locked');
    expect(await raw.find(journalEntryType, 'je-reversal-test')).toBeUndefined();
    expect(await raw.find('journal-reversal', 'reversal-of-je-closing-test')).toBeUndefined();
    await expect(store.getEntry('je-no-such-entry')).rejects.toThrow(NotFoundError);
  });

  it("keeps a restricted member's snapshot rows and entry lines to their facilities", async () => {
    const admin = deps.periodStoreFor(books.context);
    const member = deps.periodStoreFor(plantOne(books.context.tenantId));
    const rows = (balances: DimensionBalances | undefined) => [...(balances?.entries() ?? [])];
    const all = rows(await admin.readSnapshot('2026-01', 1));
    const mine = rows(await member.readSnapshot('2026-01', 1));
    expect(all.some((row) => row.facility === 'F2')).toBe(true);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((row) => row.facility === 'F1')).toBe(true);
    const entries = await member.postedEntries([{ from: '2026-02-01', to: '2026-02-28' }]);
    expect(entries).toHaveLength(4);
    expect(entries.every((entry) => !entry.whole && entry.lines.every((line) => line.facility === 'F1'))).toBe(true);
    expect(await admin.postedEntries([])).toEqual([]);
  });

  it('answers a second request created from the same read with ConflictError', async () => {
    const store = deps.periodStoreFor(books.context);
    const request = { month: '2026-01', requestedBy: 'member-a', snapshotVersion: 1, state: 'pending' as const };
    const asked = { action: 'ledger.period-reopen-requested', target: { type: 'period', id: '2026-01' } };
    await store.askToReopen(undefined, request, asked);
    await expect(store.askToReopen(undefined, { ...request, requestedBy: 'member-b' }, asked)).rejects.toThrow(
      ConflictError,
    );
    const current = (await store.findReopenRequest('2026-01'))!;
    await store.askToReopen(current, { ...request, requesters: ['member-a', 'member-c'] }, asked);
    await expect(store.askToReopen(current, { ...request, requesters: ['member-d'] }, asked)).rejects.toThrow(
      PreconditionFailedError,
    );
    expect((await store.findReopenRequest('2026-01'))?.requesters).toEqual(['member-a', 'member-c']);
  });

  it('the close schedule: a taken entry is a conflict, a stale one a failed precondition, due means on or before today', async () => {
    const schedule = closeSchedule(deps);
    const tenant = `org-${randomUUID().slice(0, 8)}`;
    const later = `org-${randomUUID().slice(0, 8)}`;
    await schedule.createEntry({ organization: tenant, dueOn: '2026-03-05', problem: null });
    await schedule.createEntry({ organization: later, dueOn: '2026-03-06', problem: null });
    await expect(schedule.createEntry({ organization: tenant, dueOn: '2026-04-10', problem: null })).rejects.toThrow(
      ConflictError,
    );
    const read = (await schedule.findEntry(tenant))!;
    await schedule.saveEntry(read, { ...read, dueOn: '2026-03-04' });
    await expect(schedule.saveEntry(read, { ...read, dueOn: '2026-05-10' })).rejects.toThrow(PreconditionFailedError);
    const due = (await schedule.dueEntries('2026-03-05')).items.map((entry) => entry.organization);
    expect(due).toContain(tenant);
    expect(due).not.toContain(later);
    expect((await schedule.listEntries()).map((entry) => entry.organization)).toEqual(
      expect.arrayContaining([tenant, later]),
    );
    expect(await schedule.findEntry(`org-${randomUUID().slice(0, 8)}`)).toBeUndefined();
  });
});
