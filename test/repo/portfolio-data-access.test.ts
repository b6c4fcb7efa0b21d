import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The one path across a tenant boundary (architecture guide, section 7), checked on the source.
 * Another organisation's tenant id exists only inside the portfolio's documents (`ownerTenantId`,
 * `requesterTenantId`); only shared/portfolio may name them, and in shared/portfolio only
 * cosmos-across-tenants-store.ts builds a repository or a tenant context from anything but the
 * caller's own; across-tenants.ts, which decides what is done there, checks the grant first.
 */
const root = resolve(__dirname, '../..');
const crossTenantModule = 'shared/portfolio/cosmos-across-tenants-store.ts';
const crossTenantService = 'shared/portfolio/across-tenants.ts';
const otherTenantFields = /\b(ownerTenantId|requesterTenantId)\b/;

/** Ways to reach a partition, or to say which one. */
const partitionAccess = [
  /new TenantRepository\(/,
  /new LedgerRepository\(/,
  /Repository\.open\(/,
  /new TenantTransaction\(/,
  /container\.items\b/,
  /container\.item\(/,
  /\btenantId\s*:/,
];

/** The portfolio's opener of the caller's own partition: the caller's context, passed straight through. */
const ownPartition = {
  file: 'shared/portfolio/cosmos-portfolio-store.ts',
  only: /new TenantRepository\(deps\.container, context, deps\.clock\)/g,
};

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** What a file does that only the cross-tenant module may do. */
function findings(file: string, source: string): string[] {
  if (file === crossTenantModule) return [];
  const found: string[] = [];
  if (!file.startsWith('shared/portfolio/') && otherTenantFields.test(source))
    found.push(`${file}: names another organisation's tenant`);
  if (file.startsWith('shared/portfolio/') || file.startsWith('functions/portfolio/')) {
    const checked = file === ownPartition.file ? source.replace(ownPartition.only, '') : source;
    for (const pattern of partitionAccess) if (pattern.test(checked)) found.push(`${file}: ${pattern.source}`);
  }
  return found;
}

describe('the one path across tenants', () => {
  it('is the only code that builds a repository for a tenant other than the caller’s', () => {
    const files = [...sources('shared'), ...sources('functions')].map((path) => relative(root, join(root, path)));
    expect(files).toContain(crossTenantModule);
    expect(files.filter((file) => file.startsWith('shared/portfolio/')).length).toBeGreaterThan(5);
    expect(files.flatMap((file) => findings(file, readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });

  it('builds exactly one kind of other-tenant repository, and reads the grant before any balance', () => {
    const source = readFileSync(join(root, crossTenantModule), 'utf8');
    expect(source.match(/new TenantRepository\(/g)).toHaveLength(1);
    const service = readFileSync(join(root, crossTenantService), 'utf8');
    const read = service.slice(service.indexOf('export async function readOwnerBalances'));
    expect(read.indexOf('activeGrant(')).toBeGreaterThan(0);
    expect(read.indexOf('activeGrant(')).toBeLessThan(read.indexOf('balancesAsOf('));
  });

  it('notices code that would reach another partition', () => {
    expect(
      findings(
        'shared/portfolio/shares.ts',
        'new TenantRepository(deps.container, { tenantId: share.ownerTenantId, actor })',
      ),
    ).toHaveLength(2);
    expect(findings('shared/portfolio/shares.ts', 'LedgerRepository.open(deps, ownerContext)')).toHaveLength(1);
    expect(findings('shared/ledger/reports.ts', 'const other = grant.requesterTenantId;')).toHaveLength(1);
    expect(findings('functions/portfolio/shares.ts', 'deps.container.item(id, owner).read()')).toHaveLength(1);
    expect(findings(ownPartition.file, 'new TenantRepository(deps.container, context, deps.clock)')).toEqual([]);
    expect(findings(ownPartition.file, 'new TenantRepository(deps.container, ownerContext, deps.clock)')).toHaveLength(
      1,
    );
  });
});
