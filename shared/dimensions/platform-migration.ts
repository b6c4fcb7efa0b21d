import { z } from 'zod';
import { auditInPlatformLog, everyOrganization } from '../onboarding/organizations';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { lostRace } from '../platform/data/retry';
import type { PlatformDependencies } from '../platform/domain-dependencies';
import { recordIdPattern, tenantIdPattern } from '../platform/ids';
import { readStoredOrganization } from '../platform/organization/organization-store';
import { processedBefore, processOnce } from '../platform/queues/process-once';
import { queueNames } from '../platform/queues/queue-names';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Logger } from '../platform/telemetry/logger';
import {
  migrateStretch,
  migrationStart,
  type MigrationCursor,
  type MigrationDependencies,
  type MigrationStep,
} from './dimension-migration';
import { dimensionRepository } from './dimensions';
import type { PlatformDimensionMigration } from './schemas';

/** One organisation's part of an operator's request: what the queue function is handed. */
export const migrationMessage = z
  .object({
    request: z.string().regex(recordIdPattern),
    tenantId: z.string().regex(tenantIdPattern),
    requestedBy: z.string().min(1).max(200),
  })
  .strict();
export type MigrationMessage = z.infer<typeof migrationMessage>;

/** The platform acting in each organisation: one fixed actor, so every delivery of a message shares its effect key. */
const migrationActor = { id: 'system:dimension-migration', kind: 'system' } as const;
const sendsInFlight = 16;

/**
 * An operator's request to migrate every organisation's free-text facilities and divisions: one
 * queue message per organisation, so each runs (and is retried) on its own within the function
 * timeout. Suspended organisations are included: the migration only adds list entries their
 * stored documents already name, and they find their lists complete when reactivated. The
 * request is in the platform's log before the first message leaves, so every record an
 * organisation's run writes names a request the platform's log holds.
 */
export async function requestPlatformMigration(
  deps: PlatformDependencies & { readonly queues: QueueSender },
  context: TenantContext,
): Promise<PlatformDimensionMigration> {
  const organizations = await everyOrganization(deps, context);
  const request = `dimension-migration-${deps.ids.newId()}`;
  await auditInPlatformLog(deps, context, {
    action: 'platform.dimensions-migration-requested',
    target: { type: 'dimension-migration', id: request },
    details: { organizations: organizations.length },
  });
  let next = 0;
  const sender = async () => {
    for (let tenantId = organizations[next++]; tenantId; tenantId = organizations[next++]) {
      const message: MigrationMessage = { request, tenantId, requestedBy: context.actor.id };
      await deps.queues.send(queueNames.dimensionMigrations, message);
    }
  };
  await Promise.all(Array.from({ length: sendsInFlight }, sender));
  return { request, organizations: organizations.length };
}

export type MigrationOutcome = 'migrated' | 'continued' | 'superseded' | 'already-done' | 'in-lockdown';

export interface OrganizationMigrationDependencies extends MigrationDependencies {
  readonly logger: Logger;
  readonly queues: QueueSender;
  /** Pages of documents one delivery reads at most (default `pagesPerDelivery`). */
  readonly pagesPerDelivery?: number;
}

/** 200 pages of 500: 100,000 documents a delivery, well inside the 5-minute function timeout at Cosmos latency. */
const pagesPerDelivery = 200;
const progressType = 'dimension-migration-progress';

/** Where an organisation's part of a request stands between deliveries, and what it did so far. */
interface Progress {
  readonly next: MigrationCursor;
  readonly documentsRead: Record<string, number>;
  readonly facilitiesCreated: number;
  readonly divisionsCreated: number;
}

function sum(progress: Progress | undefined, step: MigrationStep): Omit<Progress, 'next'> {
  const documentsRead = { ...progress?.documentsRead };
  for (const [type, count] of Object.entries(step.documentsRead))
    documentsRead[type] = (documentsRead[type] ?? 0) + count;
  return {
    documentsRead,
    facilitiesCreated: (progress?.facilitiesCreated ?? 0) + step.created.facilities.length,
    divisionsCreated: (progress?.divisionsCreated ?? 0) + step.created.divisions.length,
  };
}

/**
 * The queue function's work for one organisation, as the platform. A delivery whose request
 * already completed here stops after one read. Otherwise it walks on from where the last
 * delivery stopped, at most `pagesPerDelivery` pages, creating what is missing as it reads: an
 * organisation with more documents than that saves its place and sends the message again for the
 * next stretch, so no delivery outlives the function timeout. Of two deliveries on one stretch
 * (a duplicate), the one whose place is saved second stops there. The last stretch commits the
 * completion record, naming the operator's request, with the message's effect key: written once.
 * An organisation in read-only lockdown is left untouched, as every system write leaves it: the
 * operator runs the migration again once the lockdown is lifted.
 */
export async function migrateOrganization(
  deps: OrganizationMigrationDependencies,
  message: MigrationMessage,
): Promise<MigrationOutcome> {
  const context: TenantContext = { tenantId: message.tenantId, actor: migrationActor };
  const queue = queueNames.dimensionMigrations;
  if (await processedBefore(deps.container, context, queue, message.request)) return 'already-done';
  const repository = dimensionRepository(deps, context);
  const organization = await readStoredOrganization(repository);
  if (organization?.lockdown) {
    deps.logger.warn('dimension migration skipped: organisation in lockdown', { ...message });
    return 'in-lockdown';
  }
  const progressId = `progress-${message.request}`;
  const progress = await repository.find<Progress>(progressType, progressId);
  const from = progress?.next ?? migrationStart;
  const step = await migrateStretch(deps, context, message, from, deps.pagesPerDelivery ?? pagesPerDelivery);
  const totals = sum(progress, step);
  if (step.next) {
    try {
      if (progress) await repository.replace<Progress>(progress, { ...totals, next: step.next });
      else await repository.create<Progress>(progressType, progressId, { ...totals, next: step.next });
    } catch (error) {
      if (lostRace(error)) return 'superseded';
      throw error;
    }
    deps.atBoundary?.('saved');
    await deps.queues.send(queue, message);
    return 'continued';
  }
  deps.atBoundary?.('migrated');
  const outcome = await processOnce(deps.container, context, queue, message.request, message, async (tx, repo) => {
    const details = { ...message, ...totals, documentsRead: JSON.stringify(totals.documentsRead) };
    const target = { type: 'dimension-migration', id: message.request };
    const completion = { action: 'settings.dimensions-migrated', target, details };
    await stageAuditRecord(repo, tx, context, completion, deps.clock.now());
    return totals;
  });
  return outcome.replayed ? 'already-done' : 'migrated';
}
