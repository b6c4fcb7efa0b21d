import { TenantRepository } from '../platform/data/tenant-repository';
import type { LedgerDependencies } from './accounts';
import {
  closeScheduleEntryId,
  closeScheduleTenant,
  closeScheduleType,
  type CloseScheduleEntry,
} from './close-schedule';
import type { CloseScheduleStore } from './period-store';

const scheduleActor = { id: 'system:period-close', kind: 'system' as const };

/**
 * The close schedule over Cosmos: a TenantRepository on the schedule's own partition
 * (close-schedule.ts), which no organisation's context can name.
 */
export function cosmosCloseSchedule(deps: Pick<LedgerDependencies, 'container' | 'clock'>): CloseScheduleStore {
  const schedule = new TenantRepository(
    deps.container,
    { tenantId: closeScheduleTenant, actor: scheduleActor },
    deps.clock,
  );
  return {
    findEntry: (tenantId) => schedule.find<CloseScheduleEntry>(closeScheduleType, closeScheduleEntryId(tenantId)),
    async createEntry(entry) {
      await schedule.create<CloseScheduleEntry>(closeScheduleType, closeScheduleEntryId(entry.organization), entry);
    },
    async saveEntry(current, next) {
      await schedule.replace<CloseScheduleEntry>(current, next);
    },
    dueEntries: (today, continuationToken) =>
      schedule.query<CloseScheduleEntry>(closeScheduleType, {
        where: 'c.dueOn <= @today',
        parameters: [{ name: '@today', value: today }],
        maxItemCount: 500,
        ...(continuationToken ? { continuationToken } : {}),
      }),
    listEntries: () => schedule.queryAll<CloseScheduleEntry>(closeScheduleType),
  };
}
