import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ledgerDir = resolve(__dirname, '../../shared/ledger');

/** What may touch the database directly, and why. */
const allowed: Record<string, RegExp[]> = {
  // The restricted repository itself: it reads the chart once to know which accounts are hidden.
  'ledger-repository.ts': [/new TenantRepository\(/],
  // The close schedule lives in a partition of its own, no organisation's: its store builds its repository.
  'cosmos-close-schedule-store.ts': [/new TenantRepository\(/],
};

const directAccess = [/new TenantRepository\(/, /container\.items\b/, /container\.item\(/, /new TenantTransaction\(/];

function findings(name: string, source: string): string[] {
  return directAccess
    .filter((pattern) => pattern.test(source))
    .filter((pattern) => !(allowed[name] ?? []).some((ok) => ok.source === pattern.source))
    .map((pattern) => `${name}: ${pattern.source}`);
}

/** Holding a repository or a transaction at all: importing one, or the modules that define them. */
const repositoryImports = [
  /^import [^;]*\b(LedgerRepository|TenantRepository|TenantTransaction)\b[^;]*;/m,
  /from '[^']*\/(ledger-repository|tenant-repository|platform-repository|tenant-transaction)'/,
  /from '@azure\/cosmos'/,
];

/**
 * The files of the ledger that may hold a repository besides the Cosmos implementations of the
 * stores (`cosmos-*-store.ts`), each with its reason. Everything else (the chart, the journal,
 * periods, closes, snapshots, running balances, reports, the close schedule) reaches storage
 * through a store. A file that no longer holds one leaves the list.
 */
const repositoryHolders: Record<string, string> = {
  'ledger-repository.ts': 'the restricted repository itself',
  'ledger-reach.ts': "builds the repository's query conditions from the member's reach",
  'cosmos-posting-lane.ts':
    'the group-commit lane the journal store posts through (other domains stage their writes in it)',
  'cosmos-posting-writes.ts': "a post's writes and re-checks inside the lane's batch, and the numbering of a close",
};

/** The journal: drafts, review, approval, reversal, posting, import, numbering and dual control. */
const journalSide = [
  'journal-entries.ts',
  'journal-entry.ts',
  'draft-review.ts',
  'journal-approval.ts',
  'journal-reversal.ts',
  'journal-posting.ts',
  'journal-import.ts',
  'import-rows.ts',
  'posting-checks.ts',
  'posting-rules.ts',
  'entry-numbers.ts',
  'dual-control.ts',
  'journal-store.ts',
];

/** A journal service given its store builds none: only the composition (ledger-dependencies.ts) does. */
const buildsCosmosStore = (source: string) => /from '\.\/cosmos-[a-z-]+'/.test(source);

const isStoreImplementation = (name: string) => /^cosmos-[a-z-]+-store\.ts$/.test(name);

export function holdsRepository(source: string): boolean {
  return repositoryImports.some((pattern) => pattern.test(source));
}

const ledgerFiles = () => readdirSync(ledgerDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

describe('ledger data access', () => {
  it('goes through the restricted ledger repository everywhere in shared/ledger', () => {
    const files = ledgerFiles();
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((name) => findings(name, readFileSync(join(ledgerDir, name), 'utf8')))).toEqual([]);
  });

  it('notices a service that builds its own repository or reads the container', () => {
    expect(findings('new-report.ts', 'const r = new TenantRepository(deps.container, context);')).toHaveLength(1);
    expect(findings('new-report.ts', 'await deps.container.item(id, tenantId).read();')).toHaveLength(1);
    expect(findings('new-report.ts', 'await deps.container.items.query(spec).fetchAll();')).toHaveLength(1);
    expect(findings('ledger-repository.ts', 'new TenantRepository(deps.container, context)')).toEqual([]);
    expect(findings('close-schedule.ts', 'new TenantRepository(deps.container, schedule)')).toHaveLength(1);
  });

  it('holds a repository only in the Cosmos stores and the files named with their reason', () => {
    const holders = ledgerFiles().filter((name) => holdsRepository(readFileSync(join(ledgerDir, name), 'utf8')));
    expect(holders.filter(isStoreImplementation).length).toBeGreaterThanOrEqual(5);
    expect(holders.filter((name) => !isStoreImplementation(name) && !(name in repositoryHolders))).toEqual([]);
    // A named file that no longer holds one leaves the list, so the list says what is true.
    expect(Object.keys(repositoryHolders).filter((name) => !holders.includes(name))).toEqual([]);
  });

  it('keeps the period side on its stores: periods, closes, snapshots, running balances, reports, the schedule', () => {
    const periodSide = [
      'account-months.ts',
      'balance-snapshots.ts',
      'books.ts',
      'close-schedule.ts',
      'detail-cursor.ts',
      'dimension-balances.ts',
      'ledger-settings.ts',
      'period-close.ts',
      'period-postings.ts',
      'period-reopen.ts',
      'period-report-files.ts',
      'period-reports.ts',
      'period-store.ts',
      'periods.ts',
      'reports.ts',
      'running-balances.ts',
      'scheduled-close.ts',
      'trial-balance.ts',
      'year-end-close.ts',
    ];
    const files = ledgerFiles();
    const source = (name: string) => readFileSync(join(ledgerDir, name), 'utf8');
    expect(periodSide.filter((name) => !files.includes(name))).toEqual([]);
    expect(periodSide.filter((name) => holdsRepository(source(name)))).toEqual([]);
    // Given their stores (figuresStoreFor, periodStoreFor) they build none, but for the close
    // schedule's: one partition of the platform's own, not a caller's (`closeSchedule(deps)`).
    expect(periodSide.filter((name) => buildsCosmosStore(source(name)))).toEqual(['close-schedule.ts']);
    expect(source('ledger-dependencies.ts')).toMatch(/periodStoreFor: \(context\) => cosmosPeriodStore\(/);
    expect(source('ledger-dependencies.ts')).toMatch(/figuresStoreFor: \(context\) => cosmosFiguresStore\(/);
    const declaration = readFileSync(join(ledgerDir, 'period-store.ts'), 'utf8');
    for (const store of ['FiguresStore', 'PeriodStore', 'CloseScheduleStore'])
      expect(declaration).toMatch(new RegExp(`export interface ${store}\\b`));
  });

  it('keeps the journal on its JournalStore: drafts, review, posting, reversal, import, numbering, dual control', () => {
    const files = ledgerFiles();
    expect(journalSide.filter((name) => !files.includes(name))).toEqual([]);
    const source = (name: string) => readFileSync(join(ledgerDir, name), 'utf8');
    expect(journalSide.filter((name) => holdsRepository(source(name)))).toEqual([]);
    expect(journalSide.filter((name) => buildsCosmosStore(source(name)))).toEqual([]);
    expect(buildsCosmosStore(source('ledger-dependencies.ts'))).toBe(true);
    const declaration = source('journal-store.ts');
    expect(declaration).toMatch(/export interface JournalStore\b/);
    for (const error of ['ForbiddenError', 'PreconditionFailedError', 'ConflictError', 'ValidationError'])
      expect(declaration).toContain(error);
  });

  it('notices a journal service that builds a Cosmos store', () => {
    expect(buildsCosmosStore("import { cosmosJournalStore } from './cosmos-journal-store';")).toBe(true);
    expect(buildsCosmosStore("import { submitPosting } from './cosmos-posting-lane';")).toBe(true);
    expect(buildsCosmosStore("import type { JournalStore } from './journal-store';")).toBe(false);
  });

  it('notices a file that imports a repository, a transaction or their modules', () => {
    expect(holdsRepository("import { LedgerRepository } from './ledger-repository';")).toBe(true);
    expect(holdsRepository("import type { EntryInFigures } from './ledger-repository';")).toBe(true);
    expect(holdsRepository("import type {\n  TenantRepository,\n} from '../platform/data/tenant-repository';")).toBe(
      true,
    );
    expect(holdsRepository("import type { TenantTransaction } from '../platform/data/tenant-transaction';")).toBe(true);
    expect(holdsRepository("import type { Container } from '@azure/cosmos';")).toBe(true);
    expect(holdsRepository('/** Implemented on LedgerRepository (cosmos-period-store.ts). */')).toBe(false);
    expect(holdsRepository("import type { PeriodStore } from './period-store';")).toBe(false);
  });
});
