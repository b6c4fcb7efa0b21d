import type { Container } from '@azure/cosmos';
import type { Clock, IdGenerator } from '../platform/clock';
import { ConflictError } from '../platform/errors';
import type { Logger } from '../platform/telemetry/logger';
import { closePeriod } from './period-close';
import { previousMonth } from './ledger-dates';

interface ClosingOrganization {
  readonly id: string;
  readonly tenantId: string;
  readonly booksStartMonth?: string;
  /** Close the previous month on this day of the month (1-28); absent means manual closes only. */
  readonly closeOnDay?: number;
  /** Set while the organisation is in read-only lockdown: the timer writes nothing then. */
  readonly lockdown?: { readonly since: string };
}

/**
 * The scheduled close: for every organisation with a close day, once that day of the month has
 * come, the previous month is closed (if its turn has come: months close in order). Each
 * organisation is independent; one failing does not stop the others. Runs daily, so a missed
 * run catches up on the next.
 */
export async function runScheduledCloses(deps: {
  container: Container;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
}): Promise<{ closed: string[]; skipped: string[] }> {
  const now = deps.clock.now();
  const { resources } = await deps.container.items
    .query<ClosingOrganization>({
      query:
        "SELECT c.id, c.tenantId, c.booksStartMonth, c.closeOnDay, c.lockdown FROM c WHERE c.type = 'organization' AND IS_DEFINED(c.closeOnDay)",
    })
    .fetchAll();
  const closed: string[] = [];
  const skipped: string[] = [];
  for (const organization of resources) {
    if (!organization.closeOnDay || now.getUTCDate() < organization.closeOnDay || !organization.booksStartMonth)
      continue;
    const month = previousMonth(now.toISOString().slice(0, 7));
    if (month < organization.booksStartMonth) continue;
    // A lockdown stops every write, the system's too; the missed close runs on the first day after.
    if (organization.lockdown) {
      skipped.push(`${organization.tenantId}:${month}: in lockdown since ${organization.lockdown.since}`);
      continue;
    }
    const context = { tenantId: organization.tenantId, actor: { id: 'system:period-close', kind: 'system' as const } };
    try {
      await closePeriod({ container: deps.container, clock: deps.clock, ids: deps.ids }, context, month);
      closed.push(`${organization.tenantId}:${month}`);
    } catch (error) {
      // Already closed, or an earlier month still open: a person has to look; nothing to retry.
      if (error instanceof ConflictError) skipped.push(`${organization.tenantId}:${month}: ${error.message}`);
      else deps.logger.error('scheduled close failed', { tenantId: organization.tenantId, month, error });
    }
  }
  deps.logger.info('scheduled closes', { closed: closed.length, skipped: skipped.length });
  return { closed, skipped };
}
