import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A domain on the store pattern declares the storage operations it needs (`<domain>-store.ts`)
 * and implements them once over Cosmos (`cosmos-*-store.ts`, with any repository class of its own
 * in `cosmos-*-repository.ts`). Only those implementations may touch the repositories or the
 * ledger's posting lane; the `*-dependencies.ts` composition alone builds them; every other file
 * of the domain reaches storage through the store its dependencies hand it.
 */
const sharedDir = resolve(__dirname, '../../shared');

/**
 * Domains still wired to storage directly (issue 16). A domain leaves this list when it is on the
 * pattern; every domain folder not listed (the ledger aside: ledger-data-access.test.ts) is checked.
 */
const notYetOnStores: readonly string[] = [];

const storeDomains = readdirSync(sharedDir).filter(
  (name) => statSync(join(sharedDir, name)).isDirectory() && !['platform', 'ledger', ...notYetOnStores].includes(name),
);

const isImplementation = (name: string) => /^cosmos-[a-z-]+-(store|repository)\.ts$/.test(name);
const isComposition = (name: string) => /^[a-z-]+-dependencies\.ts$/.test(name);

const directAccess: readonly RegExp[] = [
  /new TenantRepository\(/,
  /new PlatformRepository\(/,
  /new TenantTransaction\(/,
  /from '[./]*platform\/data\/tenant-repository'/,
  /from '[./]*platform\/data\/platform-repository'/,
  /from '[./]*platform\/data\/tenant-transaction'/,
  /from '[./]*platform\/data\/partition-reads'/,
  /from '[./]*platform\/data\/restricted-repository'/,
  /from '[./]*ledger\/ledger-repository'/,
  /from '\.\.\/[a-z-]+\/cosmos-[a-z-]+'/,
  /from '@azure\/cosmos'/,
  /container\.items?\b/,
];

/** Only the composition builds a Cosmos store. */
const buildsImplementation = /from '\.\/cosmos-[a-z-]+'/;

export function findings(name: string, source: string): string[] {
  if (isImplementation(name)) return [];
  const patterns = isComposition(name) ? directAccess : [...directAccess, buildsImplementation];
  return patterns.filter((pattern) => pattern.test(source)).map((pattern) => `${name}: ${pattern.source}`);
}

function domainFiles(domain: string): string[] {
  return readdirSync(join(sharedDir, domain)).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
}

describe('domains on the store pattern', () => {
  it('checks every domain folder but the ones still listed as not yet on it', () => {
    expect(storeDomains).toEqual(expect.arrayContaining(['identity', 'items']));
    for (const domain of notYetOnStores) expect(statSync(join(sharedDir, domain)).isDirectory()).toBe(true);
  });

  it.each(storeDomains)('%s touches storage only in its cosmos-*-store.ts files', (domain) => {
    const files = domainFiles(domain);
    expect(
      files.some((name) => /^cosmos-[a-z-]+-store\.ts$/.test(name)),
      `${domain} has a Cosmos store`,
    ).toBe(true);
    const declarations = files.filter((name) => /^[a-z-]+-store\.ts$/.test(name) && !isImplementation(name));
    expect(
      declarations.some((name) =>
        /export interface \w+Store\b/.test(readFileSync(join(sharedDir, domain, name), 'utf8')),
      ),
      `${domain} declares its store in a <name>-store.ts`,
    ).toBe(true);
    expect(files.flatMap((name) => findings(name, readFileSync(join(sharedDir, domain, name), 'utf8')))).toEqual([]);
  });

  it("the ledger's chart of accounts reaches storage only through its LedgerStore", () => {
    const dir = resolve(__dirname, '../../shared/ledger');
    const chartFiles = ['accounts.ts', 'chart-load.ts', 'ledger-settings.ts'];
    const ledgerAccess = [...directAccess, /LedgerRepository/, /from '\.\/ledger-repository'/];
    const found = chartFiles.flatMap((name) =>
      ledgerAccess
        .filter((pattern) => pattern.test(readFileSync(join(dir, name), 'utf8')))
        .map((p) => `${name}: ${p.source}`),
    );
    expect(found).toEqual([]);
    expect(readFileSync(join(dir, 'ledger-store.ts'), 'utf8')).toMatch(/export interface ChartStore\b/);
  });

  it('identity declares its store with the errors of its operations', () => {
    const declaration = readFileSync(resolve(__dirname, '../../shared/identity/identity-store.ts'), 'utf8');
    for (const error of ['PreconditionFailedError', 'ConflictError']) expect(declaration).toContain(error);
    expect(declaration).toMatch(/export interface IdentityStore\b/);
    expect(declaration).toMatch(/export interface PlatformIdentityStore\b/);
  });

  it('notices a service that builds a repository, imports one or reads the container', () => {
    expect(findings('members.ts', 'const r = new TenantRepository(deps.container, context);')).toHaveLength(1);
    expect(
      findings('organization.ts', "import type { PlatformRepository } from '../platform/data/platform-repository';"),
    ).toHaveLength(1);
    expect(
      findings('sessions.ts', "import { TenantRepository } from '../platform/data/tenant-repository';"),
    ).toHaveLength(1);
    expect(findings('sign-in.ts', 'const p = new PlatformRepository(services.containers.platform);')).toHaveLength(1);
    expect(findings('ip-blocks.ts', 'await deps.container.item(id, tenantId).read();')).toHaveLength(1);
    expect(findings('lockdown.ts', "import type { Container } from '@azure/cosmos';")).toHaveLength(1);
    expect(
      findings('session-authenticator.ts', "import { readEach } from '../platform/data/partition-reads';"),
    ).toHaveLength(1);
    expect(findings('cosmos-identity-store.ts', 'new TenantRepository(deps.container, context)')).toEqual([]);
    expect(findings('cosmos-identity.ts', 'new TenantRepository(deps.container, context)')).toHaveLength(1);
    expect(findings('bills.ts', "import { submitPosting } from '../ledger/cosmos-posting-lane';")).toHaveLength(1);
    expect(findings('bills.ts', "import { PayablesRepository } from './cosmos-payables-repository';")).toHaveLength(1);
    expect(
      findings('payables-dependencies.ts', "import { cosmosPayablesStore } from './cosmos-payables-store';"),
    ).toEqual([]);
    expect(findings('receipts.ts', "import { LedgerRepository } from '../ledger/ledger-repository';")).toHaveLength(1);
    expect(findings('invoices.ts', "import { itemType } from '../items/cosmos-item-store';")).toHaveLength(1);
    expect(
      findings('cosmos-invoice-store.ts', "import { commitPosting } from '../ledger/cosmos-posting-lane';"),
    ).toEqual([]);
  });
});
