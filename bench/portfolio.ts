import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { provisionCosmos } from '../local/provision';
import { accountType, type Account } from '../shared/ledger/accounts';
import { journalEntryType, type JournalEntry, type StoredLine } from '../shared/ledger/journal-entry';
import { closePeriod } from '../shared/ledger/period-close';
import type { AccountType } from '../shared/ledger/schemas';
import type { TenantContext } from '../shared/platform/actor';
import { containers } from '../shared/platform/data/containers';
import { PlatformRepository } from '../shared/platform/data/platform-repository';
import { createRequestCounter } from '../shared/platform/data/request-counter';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import type { PlatformDependencies } from '../shared/platform/domain-dependencies';
import { consolidatedTrialBalance } from '../shared/portfolio/consolidated-trial-balance';
import { portfolioDependencies } from '../shared/portfolio/portfolio-dependencies';
import { grantShare } from '../shared/portfolio/share-grants';
import { requestShare } from '../shared/portfolio/share-requests';
import { listShares, sharedBalances } from '../shared/portfolio/shares';
import { trialBalance } from '../shared/ledger/trial-balance';
import { ledgerDependencies } from '../shared/ledger/ledger-dependencies';

const organisations = 50;
const accountsEach = 200;
const month = '2026-10';
const types: AccountType[] = ['asset', 'liability', 'equity', 'revenue', 'expense'];
const admin = (tenantId: string): TenantContext => ({
  tenantId,
  actor: { id: 'admin', kind: 'member' },
  restrictions: {},
});

/**
 * An organisation with `accountsEach` accounts, twenty posted entries in October touching every
 * account, and October closed (so its balances come from the close's snapshot), written as the
 * ledger writes them but in batches, not one API call per account.
 */
async function organisation(deps: PlatformDependencies, name: string): Promise<string> {
  const tenantId = `org-portfolio-${randomUUID().slice(0, 8)}`;
  const repository = new TenantRepository(deps.container, admin(tenantId), deps.clock);
  await repository.create('organization', tenantId, {
    slug: tenantId,
    name,
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: month,
  });
  const ids = Array.from({ length: accountsEach }, (_, i) => `account-${i}`);
  for (let start = 0; start < accountsEach; start += 100) {
    const transaction = repository.transaction();
    for (let i = start; i < Math.min(accountsEach, start + 100); i += 1) {
      const type = types[i % types.length]!;
      const account: Account = {
        code: String(1000 + i),
        name: `Account ${1000 + i}`,
        accountType: type,
        normalBalance: type === 'asset' || type === 'expense' ? 'debit' : 'credit',
        parentId: null,
        facility: null,
        division: null,
        active: true,
        deleted: false,
      };
      transaction.create(accountType, ids[i]!, account);
    }
    await transaction.commit();
  }
  const transaction = repository.transaction();
  for (let e = 0; e < 20; e += 1) {
    const lines: StoredLine[] = Array.from({ length: accountsEach / 20 }, (_, l) => ({
      accountId: ids[e * (accountsEach / 20) + l]!,
      side: l % 2 === 0 ? 'debit' : 'credit',
      amountMinor: String(1000 + e * 37 + l),
      facility: null,
      division: null,
      memo: null,
    }));
    // Each pair of lines carries one amount, so every entry balances.
    const balanced = lines.map((line, l) => ({ ...line, amountMinor: lines[l - (l % 2)]!.amountMinor }));
    const entry: JournalEntry = {
      status: 'posted',
      number: e + 1,
      date: `${month}-${String(1 + e).padStart(2, '0')}`,
      memo: 'bench',
      reference: null,
      currency: 'USD',
      lines: balanced,
      reversalOf: null,
      postedAt: `${month}-28T12:00:00.000Z`,
      postedBy: 'admin',
    };
    transaction.create(journalEntryType, `je-bench-${randomUUID()}`, entry, { immutable: true });
  }
  await transaction.commit();
  await closePeriod(ledgerDependencies(deps), { tenantId, actor: { id: 'system:bench', kind: 'system' } }, month);
  return tenantId;
}

/**
 * `npm run bench -- portfolio`: a parent's consolidated trial balance over 50 organisations that
 * share with it, 200 accounts each (plus its own 200), through the same service the route calls:
 * the grant checked in each owner's partition, each read audited on both sides.
 */
export async function printPortfolioBench(emulator: { endpoint: string; key: string }): Promise<void> {
  const database = await provisionCosmos(new CosmosClient(emulator), 'bench-portfolio');
  const counter = createRequestCounter();
  const counted = new CosmosClient({ ...emulator, plugins: [counter.plugin] } as ConstructorParameters<
    typeof CosmosClient
  >[0]).database(database.id);
  const deps: PlatformDependencies = {
    container: counted.container(containers.tenantData.name),
    platform: new PlatformRepository(counted.container(containers.platform.name)),
    clock: { now: () => new Date('2026-11-20T12:00:00Z') },
    ids: { newId: () => randomUUID() },
  };
  const portfolio = portfolioDependencies(deps);
  console.log(`\nPortfolio: writing ${organisations + 1} organisations of ${accountsEach} accounts, October closed...`);
  const parent = await organisation(deps, 'Parent');
  for (let i = 0; i < organisations; i += 1) {
    const owner = await organisation(deps, `Owner ${i + 1}`);
    const { code } = await requestShare(portfolio, admin(parent));
    await grantShare(portfolio, admin(owner), deps.clock.now().toISOString(), {
      code,
      allowMonthToDate: false,
      confirm: true,
    });
  }
  const runs: Array<{ ms: number; documentsRead: number; roundTrips: number; rows: number; balanced: boolean }> = [];
  for (let run = 0; run < 3; run += 1) {
    counter.reset();
    const started = performance.now();
    const report = await consolidatedTrialBalance(portfolio, admin(parent), month);
    runs.push({
      ms: Math.round(performance.now() - started),
      documentsRead: counter.documentsRead,
      roundTrips: counter.roundTrips,
      rows: report.rows.length,
      balanced: report.totals.debit === report.totals.credit && report.organisations.length === organisations + 1,
    });
  }
  console.table(runs.map((run, i) => ({ run: i + 1, ...run })));
  // What one organisation of the fifty costs, read alone: its share's balances, and the parent's own trial balance.
  const [first] = (await listShares(portfolio, admin(parent))).items;
  const alone = async (work: () => Promise<unknown>) => {
    counter.reset();
    const started = performance.now();
    await work();
    return {
      ms: Math.round(performance.now() - started),
      documentsRead: counter.documentsRead,
      roundTrips: counter.roundTrips,
    };
  };
  console.table({
    "one owner's balances (grant checked, both audit records)": await alone(() =>
      sharedBalances(portfolio, admin(parent), first!.id, month),
    ),
    "the parent's own trial balance": await alone(() =>
      trialBalance(ledgerDependencies(deps), admin(parent), `${month}-31`),
    ),
  });
  const median = [...runs].sort((a, b) => a.ms - b.ms)[1]!;
  console.log(
    `Consolidated trial balance, ${organisations} shared organisations + the parent, ${accountsEach} accounts each: median ${median.ms} ms, ${median.documentsRead} documents read, ${median.roundTrips} Cosmos round trips (each includes both audit records of every read)`,
  );
}
