import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ForbiddenError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import { reopenPeriod } from './period-close';
import type { Period } from './schemas';

export interface ReopenRequest {
  readonly month: string;
  readonly requestedBy: string;
  /** Everyone who asked: like a draft's drafters, none of them may approve. */
  readonly requesters?: readonly string[];
  /** The closed month asked about: a request does not outlive a re-close. */
  readonly snapshotVersion?: number;
  readonly state: 'pending' | 'approved';
}

export const reopenRequestType = 'reopen-request';
export const reopenRequestId = (month: string) => `reopen-request-${month}`;
const requestersOf = (request: ReopenRequest) => request.requesters ?? [request.requestedBy];

/**
 * Reopening is a designated dual-control action: with dual control on, members ask and a member
 * who did not ask approves; without it, the request reopens at once. A request is for the month
 * as closed when asked (its snapshot version); asking is audited.
 */
export async function requestReopen(
  deps: LedgerDependencies,
  context: TenantContext,
  month: string,
): Promise<{ state: 'reopened'; period: Period } | { state: 'awaiting-approval' }> {
  const store = deps.periodStoreFor(context);
  store.requireWholeOrganisation('Reopening a month');
  if (!(await store.readBooks()).dualControl)
    return { state: 'reopened', period: await reopenPeriod(deps, context, month) };
  return retryOnConflict('The reopen request', async () => {
    const period = await store.findPeriod(month);
    if (!period || period.status === 'open') throw new ConflictError(`${month} is not closed`);
    if (period.status === 'locked') throw new ConflictError(`${month} is locked and cannot be reopened`);
    const snapshotVersion = period.snapshotVersion ?? 0;
    const existing = await store.findReopenRequest(month);
    const joins = existing?.state === 'pending' && existing.snapshotVersion === snapshotVersion;
    const request: ReopenRequest = joins
      ? { ...existing, requesters: [...new Set([...requestersOf(existing), context.actor.id])] }
      : { month, requestedBy: context.actor.id, requesters: [context.actor.id], snapshotVersion, state: 'pending' };
    await store.askToReopen(existing, request, {
      action: 'ledger.period-reopen-requested',
      target: { type: 'period', id: month },
      details: { snapshotVersion },
    });
    return { state: 'awaiting-approval' };
  });
}

/** Reopens the month for a member who did not ask, if it is still the closed month they asked about. */
export async function approveReopen(deps: LedgerDependencies, context: TenantContext, month: string): Promise<Period> {
  const store = deps.periodStoreFor(context);
  store.requireWholeOrganisation('Reopening a month');
  return reopenPeriod(deps, context, month, async (period, reopening) => {
    const request = await reopening.findReopenRequest(month);
    if (!request || request.state !== 'pending') throw new ConflictError(`Nobody asked to reopen ${month}`);
    const requesters = requestersOf(request);
    if (requesters.includes(context.actor.id)) throw new ForbiddenError('Nobody approves a request they made');
    if (request.snapshotVersion !== (period.snapshotVersion ?? 0))
      throw new ConflictError(`${month} was closed again since the request to reopen it: ask again`);
    return {
      details: { requestedBy: requesters.join(',') },
      request: { current: request, next: { ...request, state: 'approved' } },
    };
  });
}
