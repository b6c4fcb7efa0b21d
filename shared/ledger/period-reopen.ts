import type { TenantContext } from '../platform/actor';
import { LedgerRepository } from './ledger-repository';
import { ConflictError, ForbiddenError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import { dualControlOn } from './journal-posting';
import { reopenPeriod } from './period-close';
import type { Period } from './schemas';

interface ReopenRequest {
  readonly month: string;
  readonly requestedBy: string;
  readonly state: 'pending' | 'approved';
}

const requestId = (month: string) => `reopen-request-${month}`;

/**
 * Reopening is a designated dual-control action: with dual control on, one member asks and a
 * different member approves; without it, the request reopens at once.
 */
export async function requestReopen(
  deps: LedgerDependencies,
  context: TenantContext,
  month: string,
): Promise<{ state: 'reopened'; period: Period } | { state: 'awaiting-approval' }> {
  const repository = await LedgerRepository.open(deps, context);
  repository.requireWholeOrganisation('Reopening a month');
  if (!(await dualControlOn(repository)))
    return { state: 'reopened', period: await reopenPeriod(deps, context, month) };
  const existing = await repository.find<ReopenRequest>('reopen-request', requestId(month));
  const request: ReopenRequest = { month, requestedBy: context.actor.id, state: 'pending' };
  if (existing) await repository.replace(existing, request);
  else await repository.create('reopen-request', requestId(month), request);
  return { state: 'awaiting-approval' };
}

export async function approveReopen(deps: LedgerDependencies, context: TenantContext, month: string): Promise<Period> {
  const repository = await LedgerRepository.open(deps, context);
  repository.requireWholeOrganisation('Reopening a month');
  const request = await repository.find<ReopenRequest>('reopen-request', requestId(month));
  if (!request || request.state !== 'pending') throw new ConflictError(`Nobody asked to reopen ${month}`);
  if (request.requestedBy === context.actor.id) throw new ForbiddenError('Nobody approves their own request');
  const period = await reopenPeriod(deps, context, month);
  await repository.replace(request, { ...request, state: 'approved' });
  return period;
}
