import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { liftLockdown, startLockdown } from '../../shared/identity/lockdown';
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

  it('skips an organisation in lockdown and says so, then closes once the lockdown is lifted', async () => {
    const db = await createTestDatabase();
    const container = db.containers.tenantData;
    const ids = { newId: () => randomUUID() };
    const logger = createLogger({ level: 'error', sink: () => undefined });
    const clock = { now: () => new Date('2026-11-05T02:00:00Z') };
    await new TenantRepository(container, {
      tenantId: 'org-locked',
      actor: { id: 'system:test', kind: 'system' },
    }).create('organization', 'org-locked', {
      slug: 'org-locked',
      name: 'Locked',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      signIn: {},
    });
    await new TenantRepository(container, {
      tenantId: 'org-locked',
      actor: { id: 'system:test', kind: 'system' },
    }).update('organization', 'org-locked', (o: object) => ({ ...o, booksStartMonth: '2026-10', closeOnDay: 5 }));
    const deps = { container, platform: db.containers.platform, clock, ids };
    const admin = (id: string) => ({ tenantId: 'org-locked', actor: { id, kind: 'member' as const } });
    await startLockdown(deps, admin('member-a'), 'incident');

    const during = await runScheduledCloses({ container, ids, logger, clock });
    expect(during.closed).toEqual([]);
    expect(during.skipped).toEqual([expect.stringMatching(/^org-locked:2026-10: in lockdown since /)]);

    await liftLockdown(deps, admin('member-b'));
    const after = await runScheduledCloses({ container, ids, logger, clock });
    expect(after.closed).toEqual(['org-locked:2026-10']);
  });
});
