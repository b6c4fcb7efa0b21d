import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount, deleteAccount, updateAccount } from '../../shared/ledger/accounts';
import { createDraft } from '../../shared/ledger/journal-entries';
import { journalEntryType, type JournalEntry } from '../../shared/ledger/journal-entry';
import { postEntry } from '../../shared/ledger/journal-posting';
import { closePeriod } from '../../shared/ledger/period-close';
import type { TenantContext } from '../../shared/platform/actor';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { verifyAuditChain } from '../../shared/platform/audit/verify-chain';
import { createRequestCounter } from '../../shared/platform/data/request-counter';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { countedLedgerDependencies, secondInstance } from '../harness/counted-ledger';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';
import type { LedgerDependencies } from '../../shared/ledger/ledger-dependencies';

describe('grouped posting (the posting lane) against the emulator', () => {
  let db: TestDatabase;
  let deps: LedgerDependencies;
  const counter = createRequestCounter();
  beforeAll(async () => {
    db = await createTestDatabase();
    deps = countedLedgerDependencies(db, counter);
  });

  async function newBooks() {
    const context: TenantContext = {
      tenantId: `org-${randomUUID().slice(0, 8)}`,
      actor: { id: 'member-1', kind: 'member', ip: '192.0.2.1' },
      restrictions: {},
    };
    await new TenantRepository(deps.container, context).create('organization', context.tenantId, {
      slug: 'p',
      name: 'P',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
    });
    const cash = (await createAccount(deps, context, { code: '1000', name: 'Cash', type: 'asset' })).id;
    const sales = (await createAccount(deps, context, { code: '4000', name: 'Sales', type: 'revenue' })).id;
    const draft = (date = '2026-02-10', debit = cash, amount = '1.00', credit = sales) =>
      createDraft(deps, context, {
        date,
        memo: 'lane',
        currency: 'USD',
        lines: [
          { accountId: debit, side: 'debit', amount: '1.00' },
          { accountId: credit, side: 'credit', amount },
        ],
      });
    return { context, cash, sales, draft, repository: new TenantRepository(deps.container, context) };
  }

  const postedNumbers = async (repository: TenantRepository) =>
    (await repository.queryAll<JournalEntry>(journalEntryType, { where: "c.status = 'posted'" }))
      .map((entry) => entry.number!)
      .sort((a, b) => a - b);

  it('100 concurrent posts share batches: numbers 1..100, one chained audit record each, far fewer round trips than posts', async () => {
    const books = await newBooks();
    const drafts = await Promise.all(Array.from({ length: 100 }, () => books.draft()));
    counter.reset();
    const posted = await Promise.all(drafts.map((d) => postEntry(deps, books.context, d.id)));
    expect(counter.roundTrips).toBeLessThan(250);
    expect(posted.every((entry) => entry.status === 'posted' && entry.reversedBy === null)).toBe(true);
    expect(await postedNumbers(books.repository)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const records = await books.repository.queryAll<AuditRecord>(auditRecordType, {
      where: "c.action = 'ledger.entry-posted'",
    });
    expect(new Set(records.map((r) => r.target.id))).toEqual(new Set(drafts.map((d) => d.id)));
    expect(records.every((r) => r.actor.id === 'member-1' && r.ip === '192.0.2.1')).toBe(true);
    expect(await verifyAuditChain(books.repository)).toEqual({ ok: true, count: 100 });
  });

  it('a refused entry does not fail the others in its group, and a sequential post costs at most 3 round trips', async () => {
    const books = await newBooks();
    const retired = (await createAccount(deps, books.context, { code: '6000', name: 'Old', type: 'expense' })).id;
    const good = await Promise.all(Array.from({ length: 20 }, () => books.draft()));
    const unbalanced = await books.draft('2026-02-10', books.cash, '2.00');
    const inactive = await books.draft('2026-02-10', retired);
    await closePeriod(deps, books.context, '2026-01');
    const closedMonth = await books.draft('2026-01-20');
    await updateAccount(deps, books.context, retired, { active: false });
    const results = await Promise.allSettled(
      [...good, unbalanced, inactive, closedMonth].map((d) => postEntry(deps, books.context, d.id)),
    );
    expect(results.slice(0, 20).every((r) => r.status === 'fulfilled')).toBe(true);
    const reasons = results
      .slice(20)
      .map((r) => (r.status === 'rejected' ? (r.reason as { problems: unknown }).problems : r));
    expect(reasons).toEqual([
      [{ field: 'lines', reason: 'debits (100) must equal credits (200) in minor units' }],
      [{ field: 'lines.0.accountId', reason: 'the account is inactive' }],
      [{ field: 'date', reason: 'the period for this date is closed' }],
    ]);
    expect(await postedNumbers(books.repository)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    const next = await books.draft();
    counter.reset();
    await postEntry(deps, books.context, next.id);
    expect(counter.roundTrips).toBeLessThanOrEqual(3);
  });

  it('two instances posting to one organisation meet on the counter: no gap, no reuse, one chain', async () => {
    const books = await newBooks();
    const other = secondInstance(db, deps);
    const drafts = await Promise.all(Array.from({ length: 60 }, () => books.draft()));
    await Promise.all(drafts.map((d, i) => postEntry(i % 2 === 0 ? deps : other, books.context, d.id)));
    expect(await postedNumbers(books.repository)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await verifyAuditChain(books.repository)).toEqual({ ok: true, count: 60 });
  });

  it('an account deleted before the batch is refused by it; one posted to can no longer be deleted', async () => {
    const books = await newBooks();
    const spare = (await createAccount(deps, books.context, { code: '6100', name: 'Spare', type: 'expense' })).id;
    const draft = await books.draft('2026-02-10', spare);
    await deleteAccount(deps, books.context, spare);
    await expect(postEntry(deps, books.context, draft.id)).rejects.toMatchObject({
      problems: [{ field: 'lines.0.accountId', reason: 'no such account' }],
    });
    await postEntry(deps, books.context, (await books.draft()).id);
    await expect(deleteAccount(deps, books.context, books.cash)).rejects.toThrow(/has postings/);
  });
});
