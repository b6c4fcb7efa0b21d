import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runScheduledCloses } from '../../shared/ledger/scheduled-close';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { createTestDatabase } from '../harness/cosmos';

describe('scheduled period close', () => {
  it("closes each organisation's previous month once its close day has come, in order, and only then", async () => {
    const db = await createTestDatabase();
    const container = db.containers.tenantData;
    const ids = { newId: () => randomUUID() };
    const logger = createLogger({ level: 'error', sink: () => undefined });
    const org = async (tenantId: string, extra: object) =>
      new TenantRepository(container, { tenantId, actor: { id: 'system:test', kind: 'system' } }).create(
        'organization',
        tenantId,
        { slug: tenantId, name: tenantId, baseCurrency: 'USD', fiscalYearStartMonth: 1, ...extra },
      );
    await org('org-fifth', { booksStartMonth: '2026-10', closeOnDay: 5 });
    await org('org-manual', { booksStartMonth: '2026-10' });
    await org('org-behind', { booksStartMonth: '2026-09', closeOnDay: 1 });

    const early = await runScheduledCloses({
      container,
      ids,
      logger,
      clock: { now: () => new Date('2026-11-04T02:00:00Z') },
    });
    expect(early.closed).toEqual([]);

    const due = await runScheduledCloses({
      container,
      ids,
      logger,
      clock: { now: () => new Date('2026-11-05T02:00:00Z') },
    });
    expect(due.closed).toEqual(['org-fifth:2026-10']);
    // September was never closed, so October's turn has not come: skipped, for a person to look at.
    expect(due.skipped).toEqual(['org-behind:2026-10: Close 2026-09 first: months close in order']);

    const again = await runScheduledCloses({
      container,
      ids,
      logger,
      clock: { now: () => new Date('2026-11-06T02:00:00Z') },
    });
    expect(again.closed).toEqual([]);
    const { resources } = await container.items
      .query("SELECT * FROM c WHERE c.type = 'audit-record' AND c.action = 'ledger.period-closed'")
      .fetchAll();
    expect(resources).toMatchObject([{ tenantId: 'org-fifth', actor: { id: 'system:period-close' } }]);
  });
});
