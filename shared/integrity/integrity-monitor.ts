import { z } from 'zod';
import type { OnboardingDependencies } from '../onboarding/onboarding-dependencies';
import { everyOrganization } from '../onboarding/organizations';
import type { TenantContext } from '../platform/actor';
import { platformAdministrationTenant } from '../platform/auth/principal';
import { retryOnConflict } from '../platform/data/retry';
import { tenantIdPattern } from '../platform/ids';
import { queueNames } from '../platform/queues/queue-names';
import type { QueueSender } from '../platform/queues/queue-sender';
import { alertedEvents } from '../platform/telemetry/alerted-events';
import type { Logger } from '../platform/telemetry/logger';
import { checks, integrityChecks, keepsBooks, type CheckOutcome } from './integrity-checks';
import { apSubledger } from './ap-subledger';
import type { IntegrityDependencies } from './integrity-dependencies';
import type { IntegrityResult } from './integrity-store';

const actor = { id: 'system:integrity-monitor', kind: 'system' as const };

export const integrityMessage = z.object({ tenantId: z.string().regex(tenantIdPattern), asOf: z.iso.date() }).strict();
export type IntegrityMessage = z.infer<typeof integrityMessage>;

/**
 * The nightly timer: one queue message per organisation, so each is checked on its own and
 * retried on its own. Every organisation: those on the platform's register (onboarding writes it;
 * suspended ones too, their books and audit log still have to hold) and any whose books were opened
 * before the register existed (their close-schedule entry), each once. Two single-partition queries.
 */
export async function sendIntegrityChecks(
  deps: Pick<OnboardingDependencies, 'registryFor' | 'closeSchedule' | 'clock'> & {
    readonly queues: QueueSender;
    readonly logger: Logger;
  },
): Promise<number> {
  const organisations = await everyOrganization(deps, { tenantId: platformAdministrationTenant, actor });
  const asOf = deps.clock.now().toISOString().slice(0, 10);
  for (const tenantId of organisations) await deps.queues.send(queueNames.integrityChecks, { tenantId, asOf });
  deps.logger.info('integrity checks sent', { organisations: organisations.length });
  return organisations.length;
}

/**
 * Runs every check for one organisation and keeps each one's last result (an organisation without
 * books gets the audit chain checked and the ledger checks as not applicable). A break raises the
 * `IntegrityBreak` custom event (its alert rule is in infra/modules/alerts.bicep) and an audit
 * record; a check that fails to run at all is recorded as a break too, never as fine.
 */
export async function checkOrganisation(
  deps: IntegrityDependencies,
  message: IntegrityMessage,
): Promise<IntegrityResult[]> {
  const context: TenantContext = { tenantId: message.tenantId, actor };
  const store = deps.storeFor(context);
  const all = checks(apSubledger);
  // Without books only the audit chain has anything to verify; the rest say so rather than pass.
  const books = await keepsBooks(deps, context);
  const results: IntegrityResult[] = [];
  for (const check of integrityChecks) {
    const started = Date.now();
    let outcome: Omit<CheckOutcome, 'check'>;
    try {
      outcome =
        books || check === 'audit-chain'
          ? await all[check](deps, context, message.asOf)
          : {
              status: 'not-applicable',
              detail: 'the organisation keeps no books yet (no base currency or no accounts)',
            };
    } catch (error) {
      outcome = {
        status: 'break',
        detail: `the check could not run: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const result: IntegrityResult = {
      check,
      ...outcome,
      checkedAt: deps.clock.now().toISOString(),
      durationMs: Date.now() - started,
    };
    results.push(result);
    await retryOnConflict(`the ${check} result`, () => store.keepResult(result));
    if (result.status === 'break') {
      deps.telemetry.trackEvent(alertedEvents.integrityBreak, {
        tenantId: message.tenantId,
        check,
        detail: result.detail,
      });
      await store.appendAudit({
        action: 'integrity.break',
        target: { type: 'integrity-check', id: check },
        details: { detail: result.detail },
      });
      deps.logger.error('integrity break', { tenantId: message.tenantId, check, detail: result.detail });
    }
  }
  return results;
}

/** The last run of each check for the caller's organisation (GET /api/admin/integrity). */
export async function lastIntegrityResults(deps: Pick<IntegrityDependencies, 'storeFor'>, context: TenantContext) {
  const found = await deps.storeFor(context).listResults();
  return integrityChecks.map((check) => {
    const result = found.find((r) => r.check === check);
    return result
      ? {
          check,
          status: result.status,
          detail: result.detail,
          checkedAt: result.checkedAt,
          durationMs: result.durationMs,
        }
      : { check, status: 'never-run' as const, detail: null, checkedAt: null, durationMs: null };
  });
}
