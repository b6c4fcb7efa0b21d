import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ledgerDir = resolve(__dirname, '../../shared/ledger');

/** What may touch the database directly, and why. */
const allowed: Record<string, RegExp[]> = {
  // The restricted repository itself: it reads the chart once to know which accounts are hidden.
  'ledger-repository.ts': [/new TenantRepository\(/],
  // The close schedule lives in a partition of its own, no organisation's: its repository is built here.
  'close-schedule.ts': [/new TenantRepository\(/],
};

const directAccess = [/new TenantRepository\(/, /container\.items\b/, /container\.item\(/, /new TenantTransaction\(/];

function findings(name: string, source: string): string[] {
  return directAccess
    .filter((pattern) => pattern.test(source))
    .filter((pattern) => !(allowed[name] ?? []).some((ok) => ok.source === pattern.source))
    .map((pattern) => `${name}: ${pattern.source}`);
}

describe('ledger data access', () => {
  it('goes through the restricted ledger repository everywhere in shared/ledger', () => {
    const files = readdirSync(ledgerDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((name) => findings(name, readFileSync(join(ledgerDir, name), 'utf8')))).toEqual([]);
  });

  it('notices a service that builds its own repository or reads the container', () => {
    expect(findings('new-report.ts', 'const r = new TenantRepository(deps.container, context);')).toHaveLength(1);
    expect(findings('new-report.ts', 'await deps.container.item(id, tenantId).read();')).toHaveLength(1);
    expect(findings('new-report.ts', 'await deps.container.items.query(spec).fetchAll();')).toHaveLength(1);
    expect(findings('ledger-repository.ts', 'new TenantRepository(deps.container, context)')).toEqual([]);
  });
});
