import type { TenantContext } from '../platform/actor';
import { ConflictError, ForbiddenError } from '../platform/errors';
import type { DualControlChange, DualControlRequest } from './journal-store';
import type { LedgerDependencies } from './ledger-dependencies';
import type { DualControlState } from './schemas';

interface Decision {
  readonly action: string | null;
  readonly state: DualControlState;
  readonly details?: Record<string, string>;
  /** The setting's new value, when this change flips it. */
  readonly dualControl?: boolean;
  /** The request to turn the control off, as it is to be. */
  readonly request?: DualControlRequest;
}

const stateOf = (on: boolean, pending: DualControlRequest | undefined): DualControlState => ({
  dualControl: on,
  pendingChange: on && pending ? { enabled: false, requestedBy: pending.requestedBy } : null,
});

/**
 * Runs one change of the dual-control setting: the store reads the setting and any request to
 * turn the control off, writes the change and its audit record all at once, and retries when
 * someone changed either meanwhile. `decide` returns the audit action, or null for no change.
 */
function changeDualControl(
  deps: LedgerDependencies,
  context: TenantContext,
  decide: (on: boolean, pending: DualControlRequest | undefined) => Decision,
): Promise<DualControlState> {
  return deps.journalStoreFor(context).changeDualControl((on, request): DualControlChange<DualControlState> => {
    const {
      action,
      state,
      details,
      dualControl,
      request: next,
    } = decide(on, request?.state === 'pending' ? request : undefined);
    const target = { type: 'organization', id: context.tenantId };
    return {
      result: state,
      ...(dualControl === undefined ? {} : { dualControl }),
      ...(next ? { request: next } : {}),
      ...(action ? { audit: { action, target, ...(details ? { details } : {}) } } : {}),
    };
  });
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
  return changeDualControl(deps, context, (on, pending) => {
    if (enabled) {
      const withdrawn = pending ? { request: { ...pending, state: 'withdrawn' as const } } : {};
      const action = on ? (pending ? 'ledger.dual-control-off-withdrawn' : null) : 'ledger.dual-control-on';
      return { action, state: stateOf(true, undefined), ...withdrawn, ...(on ? {} : { dualControl: true }) };
    }
    if (!on || pending) return { action: null, state: stateOf(on, pending) };
    const request: DualControlRequest = { requestedBy: context.actor.id, state: 'pending' };
    return { action: 'ledger.dual-control-off-requested', state: stateOf(true, request), request };
  });
}

/** A second admin, not the one who asked, turns dual control off. */
export function approveDualControlOff(deps: LedgerDependencies, context: TenantContext): Promise<DualControlState> {
  return changeDualControl(deps, context, (_, pending) => {
    if (!pending) throw new ConflictError('Nobody asked to turn dual control off');
    if (pending.requestedBy === context.actor.id)
      throw new ForbiddenError('Turning dual control off needs an admin other than the one who asked');
    return {
      dualControl: false,
      action: 'ledger.dual-control-off-approved',
      state: stateOf(false, undefined),
      details: { requestedBy: pending.requestedBy },
      request: { ...pending, state: 'approved' },
    };
  });
}
