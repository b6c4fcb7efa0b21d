import type { TenantContext } from '../platform/actor';
import { platformAdministrationTenant } from '../platform/auth/principal';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, NotFoundError } from '../platform/errors';
import { operatorDocumentId } from '../identity/operator-sign-in';
import type { OnboardingDependencies } from './onboarding-dependencies';
import type { Operator, PlatformEntry, PlatformOnboardingStore, Roster } from './onboarding-store';
import type { NewOperator, OperatorView } from './operator-schemas';
import { auditInPlatformLog, listOrganizations } from './organizations';
import { endSessionsIn } from './session-ending';

/**
 * The ids of the active operators, one document replaced under its ETag by every registration and
 * deactivation: two operators deactivating each other at once meet on it, so the platform never
 * ends up with nobody able to administer it. It only ever lags behind the entries toward fewer
 * (a deactivation leaves it first, a registration joins it last), so counting it is safe.
 */
const view = (operator: PlatformEntry<Operator>): OperatorView => ({
  id: operator.id,
  email: operator.email,
  entraObjectId: operator.entraObjectId ?? null,
  active: operator.active === true,
  administration: operator.administration === true,
  operators: operator.operators === true,
  registeredAt: operator.registeredAt ?? null,
  deactivatedAt: operator.deactivatedAt ?? null,
});

export async function listOperators(deps: Pick<OnboardingDependencies, 'platform'>): Promise<OperatorView[]> {
  return (await deps.platform.listOperators()).map(view);
}

/** The roster as stored, or made from the registry the first time (operators seeded before it existed). */
async function readRoster(platform: PlatformOnboardingStore): Promise<PlatformEntry<Roster>> {
  const roster = await platform.findRoster();
  if (roster) return roster;
  const active = (await platform.listOperators()).filter((o) => o.active === true);
  await platform.createRoster({ active: active.map((o) => o.id) });
  return (await platform.findRoster())!;
}

async function changeRoster(
  platform: PlatformOnboardingStore,
  change: (active: readonly string[]) => readonly string[],
) {
  await retryOnConflict('The operator roster', async () => {
    const roster = await readRoster(platform);
    const next = change(roster.active);
    if (next.length !== roster.active.length || next.some((id, i) => id !== roster.active[i]))
      await platform.replaceRoster(roster, { active: next });
  });
}

/**
 * Registers a platform operator (or registers a deactivated one again, with the grants given
 * now). They sign in from the platform's Entra tenant with MFA, as the email (and object id, when
 * given) says; audited in the platform's log.
 */
export async function registerOperator(
  deps: OnboardingDependencies,
  context: TenantContext,
  input: NewOperator,
): Promise<OperatorView> {
  const email = input.email.toLowerCase();
  const id = operatorDocumentId(email);
  const operator: Operator = {
    email,
    active: true,
    administration: input.administration,
    operators: input.operators,
    ...(input.entraObjectId ? { entraObjectId: input.entraObjectId.toLowerCase() } : {}),
    registeredAt: deps.clock.now().toISOString(),
    registeredBy: context.actor.id,
  };
  await retryOnConflict(`The operator ${email}`, async () => {
    const existing = await deps.platform.findOperator(id);
    if (existing?.active) throw new ConflictError(`${email} is already an active operator`);
    if (existing)
      await deps.platform.changeOperator(existing, { ...operator, deactivatedAt: undefined, deactivatedBy: undefined });
    else await deps.platform.createOperator(id, operator);
  });
  await changeRoster(deps.platform, (active) => (active.includes(id) ? active : [...active, id]));
  const details = { email, administration: String(input.administration), operators: String(input.operators) };
  await auditInPlatformLog(deps, context, { action: 'operator.registered', target: { type: 'operator', id }, details });
  return view((await deps.platform.findOperator(id))!);
}

/**
 * Deactivates an operator: the roster first (refused if nobody active would be left), then their
 * entry, which every request of theirs reads, then every session they hold (administration and
 * impersonation, in each organisation). Nobody deactivates themselves. Running it again finishes
 * what a failure left undone.
 */
export async function deactivateOperator(
  deps: OnboardingDependencies,
  context: TenantContext,
  id: string,
): Promise<OperatorView> {
  if (id === context.actor.id) throw new ConflictError('An operator cannot deactivate themselves');
  if (!(await deps.platform.findOperator(id))) throw new NotFoundError(`No operator ${id}`);
  await changeRoster(deps.platform, (active) => {
    const next = active.filter((other) => other !== id);
    if (next.length === 0) throw new ConflictError('The last active operator cannot be deactivated');
    return next;
  });
  const now = deps.clock.now().toISOString();
  await retryOnConflict(`The operator ${id}`, async () => {
    const current = (await deps.platform.findOperator(id))!;
    if (current.active === true)
      await deps.platform.changeOperator(current, {
        active: false,
        deactivatedAt: now,
        deactivatedBy: context.actor.id,
      });
  });
  const partitions = [platformAdministrationTenant, ...(await listOrganizations(deps, context)).map((o) => o.id)];
  let sessionsEnded = 0;
  for (const tenantId of partitions)
    sessionsEnded += await endSessionsIn(deps, context, tenantId, { reason: 'operator-deactivated', memberId: id });
  const details = { sessionsEnded: String(sessionsEnded) };
  await auditInPlatformLog(deps, context, {
    action: 'operator.deactivated',
    target: { type: 'operator', id },
    details,
  });
  return view((await deps.platform.findOperator(id))!);
}
