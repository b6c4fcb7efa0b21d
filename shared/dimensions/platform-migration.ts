import { z } from 'zod';
import { auditInPlatformLog, everyOrganization } from '../onboarding/organizations';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { PlatformDependencies } from '../platform/domain-dependencies';
import { recordIdPattern, tenantIdPattern } from '../platform/ids';
import { readStoredOrganization } from '../platform/organization/organization-store';
import { processedBefore, processOnce } from '../platform/queues/process-once';
import { queueNames } from '../platform/queues/queue-names';
import type { QueueSender } from '../platform/queues/queue-sender';
import type { Logger } from '../platform/telemetry/logger';
import { migrateDimensions, type MigrationDependencies } from './dimension-migration';
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

export type MigrationOutcome = 'migrated' | 'already-done' | 'in-lockdown';

/**
 * The queue function's work for one organisation, as the platform. A delivery whose request
 * already completed here stops after one read; otherwise the migration runs (creating only what
 * is missing) and its completion record, naming the operator's request, commits with the
 * message's effect key, so of two deliveries at once only one writes it. An organisation in
 * read-only lockdown is left untouched, as every system write leaves it: the operator runs the
 * migration again once the lockdown is lifted (a second run creates only what is still missing).
 */
export async function migrateOrganization(
  deps: MigrationDependencies & { readonly logger: Logger },
  message: MigrationMessage,
): Promise<MigrationOutcome> {
  const context: TenantContext = { tenantId: message.tenantId, actor: migrationActor };
  const queue = queueNames.dimensionMigrations;
  if (await processedBefore(deps.container, context, queue, message.request)) return 'already-done';
  const organization = await readStoredOrganization(dimensionRepository(deps, context));
  if (organization?.lockdown) {
    deps.logger.warn('dimension migration skipped: organisation in lockdown', { ...message });
    return 'in-lockdown';
  }
  const result = await migrateDimensions(deps, context, message);
  deps.atBoundary?.('migrated');
  const outcome = await processOnce(deps.container, context, queue, message.request, message, async (tx, repo) => {
    const details = {
      request: message.request,
      requestedBy: message.requestedBy,
      facilitiesCreated: result.created.facilities.length,
      divisionsCreated: result.created.divisions.length,
      documentsRead: JSON.stringify(result.documentsRead),
    };
    const target = { type: 'dimension-migration', id: message.request };
    await stageAuditRecord(
      repo,
      tx,
      context,
      { action: 'settings.dimensions-migrated', target, details },
      deps.clock.now(),
    );
    return result;
  });
  return outcome.replayed ? 'already-done' : 'migrated';
}
