import { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import type { ScheduleEntry, StatementScheduleStore } from './statement-store';

/**
 * When each organisation's next statement run is due, one small document per organisation in a
 * partition of its own (like the close schedule, shared/ledger/close-schedule.ts), so the daily
 * timer finds the due ones with one single-partition query instead of reading every organisation.
 */
const scheduleTenant = 'platform:statement-schedule';
const scheduleType = 'statement-schedule';
const actor = { id: 'system:statement-run', kind: 'system' as const };
const entryId = (tenantId: string) => `statement-schedule-${tenantId}`;

/** The statement schedule over Cosmos: a TenantRepository on its own partition, which no organisation's context can name. */
export function cosmosStatementSchedule(deps: Pick<DomainDependencies, 'container' | 'clock'>): StatementScheduleStore {
  const schedule = new TenantRepository(deps.container, { tenantId: scheduleTenant, actor }, deps.clock);
  return {
    findEntry: (tenantId) => schedule.find<ScheduleEntry>(scheduleType, entryId(tenantId)),
    async createEntry(entry) {
      await schedule.create(scheduleType, entryId(entry.organization), entry);
    },
    async saveEntry(current, next) {
      await schedule.replace(current, next);
    },
    dueEntries: (today) =>
      schedule.queryAll<ScheduleEntry>(scheduleType, {
        where: 'c.dueOn <= @today',
        parameters: [{ name: '@today', value: today }],
      }),
  };
}
