import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { Stored } from '../platform/data/stored-document';
import { type TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError, ForbiddenError } from '../platform/errors';
import type { Organization } from '../platform/organization/organization';
import { changeOrganization } from '../platform/organization/organization-store';
import type { LedgerDependencies } from './accounts';
import { LedgerRepository } from './ledger-repository';
import type { DualControlState } from './schemas';

const requestType = 'dual-control-request';
const requestId = 'dual-control-off-request';

interface OffRequest {
  readonly requestedBy: string;
  readonly state: 'pending' | 'approved' | 'withdrawn';
}

interface Current {
  readonly organization: Stored<Organization>;
  readonly request: Stored<OffRequest> | undefined;
  readonly on: boolean;
  readonly pending: Stored<OffRequest> | undefined;
}

interface Decision {
  readonly action: string | null;
  readonly state: DualControlState;
  readonly details?: Record<string, string>;
  /** The setting's new value, when this change flips it. */
  readonly dualControl?: boolean;
}

const stateOf = (on: boolean, pending: OffRequest | undefined): DualControlState => ({
  dualControl: on,
  pendingChange: on && pending ? { enabled: false, requestedBy: pending.requestedBy } : null,
});

/**
 * Runs one change of the dual-control setting: reads the organisation and any request to turn
 * the control off, stages the change and its audit record, commits all at once, and retries
 * when someone changed either meanwhile. `decide` returns the audit action, or null for no change.
 */
async function changeDualControl(
  deps: LedgerDependencies,
  context: TenantContext,
  decide: (current: Current, transaction: TenantTransaction) => Decision,
): Promise<DualControlState> {
  const repository = await LedgerRepository.open(deps, context);
  repository.requireWholeOrganisation('Changing ledger settings');
  return changeOrganization(repository, async (organization, transaction) => {
    const request = await repository.find<OffRequest>(requestType, requestId);
    const on = organization.dualControl === true;
    const pending = request?.state === 'pending' ? request : undefined;
    const { action, state, details, dualControl } = decide({ organization, request, on, pending }, transaction);
    if (action) {
      const target = { type: 'organization', id: context.tenantId };
      await stageAuditRecord(
        repository,
        transaction,
        context,
        { action, target, ...(details ? { details } : {}) },
        deps.clock.now(),
      );
    }
    return { ...(dualControl === undefined ? {} : { next: { ...organization, dualControl } }), result: state };
  });
}

function putRequest(transaction: TenantTransaction, current: Current, next: OffRequest): void {
  if (current.request) transaction.replace(current.request, next);
  else transaction.create(requestType, requestId, next);
}

/**
 * Dual control on is immediate (and withdraws any request to turn it off). Off is only asked
 * for: a second admin approves it (`approveDualControlOff`), so no single admin can switch the
 * control off, post alone and switch it on again.
 */
export function setDualControl(
  deps: LedgerDependencies,
  context: TenantContext,
  enabled: boolean,
): Promise<DualControlState> {
  return changeDualControl(deps, context, (current, transaction) => {
    const { on, pending } = current;
    if (enabled) {
      if (pending) transaction.replace(pending, { ...pending, state: 'withdrawn' });
      const action = on ? (pending ? 'ledger.dual-control-off-withdrawn' : null) : 'ledger.dual-control-on';
      return { action, state: stateOf(true, undefined), ...(on ? {} : { dualControl: true }) };
    }
    if (!on || pending) return { action: null, state: stateOf(on, pending) };
    const request: OffRequest = { requestedBy: context.actor.id, state: 'pending' };
    putRequest(transaction, current, request);
    return { action: 'ledger.dual-control-off-requested', state: stateOf(true, request) };
  });
}

/** A second admin, not the one who asked, turns dual control off. */
export function approveDualControlOff(deps: LedgerDependencies, context: TenantContext): Promise<DualControlState> {
  return changeDualControl(deps, context, ({ pending }, transaction) => {
    if (!pending) throw new ConflictError('Nobody asked to turn dual control off');
    if (pending.requestedBy === context.actor.id)
      throw new ForbiddenError('Turning dual control off needs an admin other than the one who asked');
    transaction.replace(pending, { ...pending, state: 'approved' });
    return {
      dualControl: false,
      action: 'ledger.dual-control-off-approved',
      state: stateOf(false, undefined),
      details: { requestedBy: pending.requestedBy },
    };
  });
}
