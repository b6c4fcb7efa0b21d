import type { TenantContext } from '../platform/actor';
import { ConflictError, ForbiddenError, ValidationError } from '../platform/errors';
import type { Organization } from '../platform/organization/organization';
import { closeDueNow, defaultCloseOnDay } from '../ledger/close-schedule';
import { currencyExponent } from '../ledger/money';
import type { SettingsDependencies } from './onboarding-dependencies';
import type { OrganizationStore } from './onboarding-store';
import { settingsView, type SettingsChanges, type SettingsView } from './schemas';

/** Settings that decide what every posted figure means: fixed once anything is posted. */
const booksSettings = ['baseCurrency', 'fiscalYearStartMonth', 'booksStartMonth'] as const;

function view(organization: Organization, booksSettable: boolean): SettingsView {
  return settingsView.parse({
    slug: organization.slug,
    name: organization.name,
    logoDocumentId: organization.logoDocumentId ?? null,
    securityContact: organization.securityContact ?? null,
    closeOnDay: organization.closeOnDay ?? defaultCloseOnDay,
    dualControl: organization.dualControl === true,
    baseCurrency: organization.baseCurrency ?? null,
    fiscalYearStartMonth: organization.fiscalYearStartMonth ?? null,
    booksStartMonth: organization.booksStartMonth ?? null,
    booksSettable,
  });
}

export async function organizationSettings(deps: SettingsDependencies, context: TenantContext): Promise<SettingsView> {
  const numbered = await deps.ledger.journalStoreFor(context).hasNumberedEntries();
  return view(await deps.storeFor(context).readOrganization(), !numbered);
}

/** A logo is an image the organisation uploaded as its logo (the document store checked its bytes). */
async function requireLogo(store: OrganizationStore, documentId: string): Promise<void> {
  if (!(await store.isLogo(documentId)))
    throw new ValidationError('The logo must be a document uploaded as a logo', [
      { field: 'logoDocumentId', reason: 'no logo document with this id' },
    ]);
}

/**
 * Changes the organisation's settings, audited in the same transaction with each changed
 * setting's old and new value. Base currency, fiscal year start and books start change only while
 * nothing is posted: afterwards they would restate every figure already in the books. A new close
 * day puts the organisation's close on the schedule at once, so the next daily run applies it.
 * Dual control and the security contact keep their own routes (a second admin's approval, the
 * lockdown notices); they are shown here.
 */
export async function changeOrganizationSettings(
  deps: SettingsDependencies,
  context: TenantContext,
  changes: SettingsChanges,
): Promise<SettingsView> {
  if (context.restrictions?.facilities !== undefined || context.restrictions?.divisions !== undefined)
    throw new ForbiddenError('Organisation settings act for every facility: not for a restricted member');
  const store = deps.storeFor(context);
  if (changes.baseCurrency) currencyExponent(changes.baseCurrency);
  if (changes.logoDocumentId) await requireLogo(store, changes.logoDocumentId);
  const { next, closeDayChanged, posted } = await store.changeOrganization(async (organization, books) => {
    const changed = Object.entries(changes).filter(
      ([key, value]) => (organization as Record<string, unknown>)[key] !== (value ?? undefined),
    );
    const fixed = changed.map(([key]) => key).filter((key) => (booksSettings as readonly string[]).includes(key));
    if (fixed.length > 0 && !(await books.nothingPosted()))
      throw new ConflictError(
        `Entries are already posted in these books, so ${fixed.join(', ')} can no longer change: every posted figure was stated under the current settings`,
      );
    const posted = fixed.length > 0 ? false : await deps.ledger.journalStoreFor(context).hasNumberedEntries();
    if (changed.length === 0) return { result: { next: organization, closeDayChanged: false, posted } };
    const { logoDocumentId, ...rest } = { ...organization, ...changes };
    const updated: Organization = { ...rest, ...(logoDocumentId ? { logoDocumentId } : {}) };
    const before = (key: string) => (organization as Record<string, unknown>)[key] ?? null;
    const details = {
      from: JSON.stringify(Object.fromEntries(changed.map(([key]) => [key, before(key)]))),
      to: JSON.stringify(Object.fromEntries(changed)),
    };
    const audit = { action: 'organization.settings-changed', target: { type: 'organization', id: context.tenantId } };
    const closeDayChanged = changed.some(([key]) => key === 'closeOnDay');
    return { next: updated, audit: { ...audit, details }, result: { next: updated, closeDayChanged, posted } };
  });
  if (closeDayChanged)
    await closeDueNow(deps.closeSchedule, context.tenantId, deps.clock.now().toISOString().slice(0, 10));
  return view(next, !posted);
}
