import { randomUUID } from 'node:crypto';
import { QueueServiceClient } from '@azure/storage-queue';
import { describe, expect, it } from 'vitest';
import { liftLockdown, startLockdown } from '../../shared/identity/lockdown';
import { identityDependencies } from '../../shared/identity/identity-dependencies';
import type { LedgerDependencies } from '../../shared/ledger/accounts';
import { closeSchedule, findScheduleEntry, scheduleCloses } from '../../shared/ledger/close-schedule';
import {
  closeDueOrganization,
  closeMessage,
  sendDueCloses,
  type CloseMessage,
} from '../../shared/ledger/scheduled-close';
import type { Clock } from '../../shared/platform/clock';
import { PlatformRepository } from '../../shared/platform/data/platform-repository';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { queueName } from '../../shared/platform/queues/queue-names';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { createTestDatabase } from '../harness/cosmos';
import { queueSenderFor } from '../harness/outbox';
import { storageConnectionString } from '../harness/storage';
import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';

const logger = createLogger({ level: 'error', sink: () => undefined });

async function setUp() {
  const db = await createTestDatabase();
  const prefix = `c${randomUUID().slice(0, 8)}-`;
  const queue = QueueServiceClient.fromConnectionString(storageConnectionString()).getQueueClient(
    queueName(prefix, 'period-closes'),
  );
  await queue.create();
  let now = new Date('2026-11-04T02:00:00Z');
  const clock: Clock = { now: () => now };
  const deps: LedgerDependencies = ledgerDependencies({
    container: db.containers.tenantData,
    clock,
    ids: { newId: () => randomUUID() },
  });
  const org = async (tenantId: string, extra: object) => {
    await new TenantRepository(deps.container, { tenantId, actor: { id: 'system:test', kind: 'system' } }).create(
      'organization',
      tenantId,
      { slug: tenantId, name: tenantId, baseCurrency: 'USD', fiscalYearStartMonth: 1, ...extra },
    );
    await scheduleCloses(closeSchedule(deps), tenantId, now.toISOString().slice(0, 10));
  };
  /** The timer, then every message it sent handed to the queue function, as the host would. */
  const runDay = async (iso: string) => {
    now = new Date(iso);
    const sent = await sendDueCloses({ ...deps, queues: queueSenderFor(prefix), logger });
    const messages: CloseMessage[] = [];
    for (;;) {
      const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
      if (receivedMessageItems.length === 0) break;
      for (const item of receivedMessageItems) {
        messages.push(closeMessage.parse(JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8'))));
        await queue.deleteMessage(item.messageId, item.popReceipt);
      }
    }
    expect(messages).toHaveLength(sent);
    const outcomes = await Promise.all(messages.map((message) => closeDueOrganization({ ...deps, logger }, message)));
    return { messages, closed: outcomes.flatMap((o) => o.closed).sort(), outcomes };
  };
  const dueOn = async (tenantId: string) => (await findScheduleEntry(closeSchedule(deps), tenantId))?.dueOn;
  const closesAudited = async () => {
    const { resources } = await deps.container.items
      .query<{ tenantId: string; target: { id: string } }>(
        "SELECT c.tenantId, c.target FROM c WHERE c.type = 'audit-record' AND c.action = 'ledger.period-closed'",
      )
      .fetchAll();
    return resources.map((r) => `${r.tenantId}:${r.target.id}`).sort();
  };
  return { db, deps, org, runDay, dueOn, closesAudited };
}

describe('scheduled period close', () => {
  it('sends only the organisations due, closes each on its close day (the 10th by default) and moves its next due date', async () => {
    const { org, runDay, dueOn, closesAudited } = await setUp();
    await org('org-fifth', { booksStartMonth: '2026-10', closeOnDay: 5 });
    await org('org-default', { booksStartMonth: '2026-10' });
    // September was never closed: the close catches up, in order, instead of waiting for a person.
    await org('org-behind', { booksStartMonth: '2026-09', closeOnDay: 1 });

    const first = await runDay('2026-11-04T02:00:00Z');
    expect(first.messages.map((m) => m.tenantId).sort()).toEqual(['org-behind', 'org-default', 'org-fifth']);
    expect(first.closed).toEqual(['org-behind:2026-09', 'org-behind:2026-10']);
    expect([await dueOn('org-fifth'), await dueOn('org-default'), await dueOn('org-behind')]).toEqual([
      '2026-11-05',
      '2026-11-10',
      '2026-12-01',
    ]);

    const fifth = await runDay('2026-11-05T02:00:00Z');
    expect(fifth.messages).toEqual([{ tenantId: 'org-fifth', dueOn: '2026-11-05' }]);
    expect(fifth.closed).toEqual(['org-fifth:2026-10']);
    expect((await runDay('2026-11-09T02:00:00Z')).messages).toEqual([]);
    expect((await runDay('2026-11-10T02:00:00Z')).closed).toEqual(['org-default:2026-10']);
    expect(await dueOn('org-default')).toBe('2026-12-10');
    expect(await closesAudited()).toEqual([
      'org-behind:2026-09',
      'org-behind:2026-10',
      'org-default:2026-10',
      'org-fifth:2026-10',
    ]);
  });

  it('does the work once under duplicate and concurrent deliveries', async () => {
    const { deps, org, dueOn, closesAudited } = await setUp();
    await org('org-twice', { booksStartMonth: '2026-08', closeOnDay: 3 });
    const message = { tenantId: 'org-twice', dueOn: '2026-11-04' };
    const outcomes = await Promise.all([1, 2, 3].map(() => closeDueOrganization({ ...deps, logger }, message)));
    expect(outcomes.flatMap((o) => o.closed).sort()).toEqual([
      'org-twice:2026-08',
      'org-twice:2026-09',
      'org-twice:2026-10',
    ]);
    expect(outcomes.every((o) => o.problem === null)).toBe(true);
    expect(await closeDueOrganization({ ...deps, logger }, message)).toEqual({ closed: [], problem: null });
    expect(await dueOn('org-twice')).toBe('2026-12-03');
    expect(await closesAudited()).toEqual(['org-twice:2026-08', 'org-twice:2026-09', 'org-twice:2026-10']);
  });

  it('records what a person must fix and tries again the next day, without skipping a month', async () => {
    const { deps, org, runDay, dueOn } = await setUp();
    // A fiscal year end needs a retained-earnings account to close into.
    await org('org-year-end', { booksStartMonth: '2025-11', closeOnDay: 1 });
    const day = await runDay('2026-11-04T02:00:00Z');
    expect(day.closed).toEqual(['org-year-end:2025-11']);
    expect(day.outcomes[0]!.problem).toMatch(/^2025-12: Choose an equity account for retained earnings/);
    expect(await dueOn('org-year-end')).toBe('2026-11-04');
    expect((await findScheduleEntry(closeSchedule(deps), 'org-year-end'))?.problem).toMatch(/^2025-12/);
    expect((await runDay('2026-11-05T02:00:00Z')).messages).toEqual([
      { tenantId: 'org-year-end', dueOn: '2026-11-04' },
    ]);
  });

  it('skips an organisation in lockdown and says so, then closes once the lockdown is lifted', async () => {
    const { db, deps, org, runDay, dueOn } = await setUp();
    await org('org-locked', { booksStartMonth: '2026-10', closeOnDay: 5, signIn: {} });
    // No security contact is named, so the lockdown emails nobody: its queues are never used.
    const lockdownDeps = {
      ...identityDependencies({
        container: deps.container,
        platform: new PlatformRepository(db.containers.platform),
        clock: deps.clock,
        ids: deps.ids,
      }),
      queues: queueSenderFor('t-unused-'),
    };
    const admin = (id: string) => ({ tenantId: 'org-locked', actor: { id, kind: 'member' as const } });
    await startLockdown(lockdownDeps, admin('member-a'), 'incident');

    const during = await runDay('2026-11-05T02:00:00Z');
    expect(during.closed).toEqual([]);
    expect(during.outcomes[0]!.problem).toMatch(/^in lockdown since /);
    expect(await dueOn('org-locked')).toBe('2026-11-04');

    await liftLockdown(lockdownDeps, admin('member-b'));
    expect((await runDay('2026-11-06T02:00:00Z')).closed).toEqual(['org-locked:2026-10']);
    expect(await dueOn('org-locked')).toBe('2026-12-05');
  });
});
