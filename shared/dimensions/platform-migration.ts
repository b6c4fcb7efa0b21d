import { z } from 'zod';
import type { OnboardingDependencies } from '../onboarding/onboarding-dependencies';
import { auditInPlatformLog, everyOrganization } from '../onboarding/organizations';
import type { TenantContext } from '../platform/actor';
import { lostRace } from '../platform/data/retry';
import { recordIdPattern, tenantIdPattern } from '../platform/ids';
import { queueNames } from '../platform/queues/queue-names';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Logger } from '../platform/telemetry/logger';
import { migrateStretch, migrationStart, type MigrationDependencies, type MigrationStep } from './dimension-migration';
import type { MigrationProgress } from './dimension-store';
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
  deps: Pick<OnboardingDependencies, 'registryFor' | 'closeSchedule' | 'ids'> & { readonly queues: QueueSender },
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

function sum(progress: MigrationProgress | undefined, step: MigrationStep): Omit<MigrationProgress, 'next'> {
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
  const store = deps.storeFor(context);
  if (await store.completedBefore(queue, message.request)) return 'already-done';
  const organization = await store.readOrganization();
  if (organization?.lockdown) {
    deps.logger.warn('dimension migration skipped: organisation in lockdown', { ...message });
    return 'in-lockdown';
  }
  const progress = await store.findProgress(message.request);
  const from = progress?.next ?? migrationStart;
  const step = await migrateStretch(deps, context, message, from, deps.pagesPerDelivery ?? pagesPerDelivery);
  const totals = sum(progress, step);
  if (step.next) {
    try {
      await store.saveProgress(message.request, progress, { ...totals, next: step.next });
    } catch (error) {
      if (lostRace(error)) return 'superseded';
      throw error;
    }
    deps.atBoundary?.('saved');
    await deps.queues.send(queue, message);
    return 'continued';
  }
  deps.atBoundary?.('migrated');
  const details = { ...message, ...totals, documentsRead: JSON.stringify(totals.documentsRead) };
  const target = { type: 'dimension-migration', id: message.request };
  const completion = { action: 'settings.dimensions-migrated', target, details };
  const outcome = await store.complete(queue, message.request, message, totals, completion);
  return outcome.replayed ? 'already-done' : 'migrated';
}
