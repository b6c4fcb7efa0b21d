import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { TenantRepository } from '../platform/data/tenant-repository';
import { documentType, type DocumentRecord } from '../platform/documents/document-record';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ConflictError, ForbiddenError, ValidationError } from '../platform/errors';
import type { Organization } from '../platform/organization/organization';
import { changeOrganization, requireOrganization } from '../platform/organization/organization-store';
import { closeDueNow, closeSchedule, defaultCloseOnDay } from '../ledger/close-schedule';
import { counterId, counterType, type EntryCounter } from '../ledger/entry-numbers';
import { ledgerDependencies } from '../ledger/ledger-dependencies';
import type { TenantTransaction } from '../platform/data/tenant-repository';
import { currencyExponent } from '../ledger/money';
import { settingsView, type SettingsChanges, type SettingsView } from './schemas';

/** Settings that decide what every posted figure means: fixed once anything is posted. */
const booksSettings = ['baseCurrency', 'fiscalYearStartMonth', 'booksStartMonth'] as const;

const repositoryFor = (deps: DomainDependencies, context: TenantContext) =>
  new TenantRepository(deps.container, context, deps.clock);

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

export async function organizationSettings(deps: DomainDependencies, context: TenantContext): Promise<SettingsView> {
  const numbered = await ledgerDependencies(deps).journalStoreFor(context).hasNumberedEntries();
  return view(await requireOrganization(repositoryFor(deps, context)), !numbered);
}

/** A logo is an image the organisation uploaded as its logo (the document store checked its bytes). */
async function requireLogo(repository: TenantRepository, documentId: string): Promise<void> {
  const logo = await repository.find<DocumentRecord>(documentType, documentId);
  if (logo?.kind !== 'logo')
    throw new ValidationError('The logo must be a document uploaded as a logo', [
      { field: 'logoDocumentId', reason: 'no logo document with this id' },
    ]);
}

/**
 * Whether anything is numbered yet, decided inside the settings batch: the entry counter goes into
 * it unchanged under its ETag (or created at 0), first, so a post that numbers an entry meanwhile
 * fails one of the two batches, and the retry reads the truth. The posting lane reads the books
 * settings after the counter while it is at 0 (ledger/books.ts, `FixedBooks`), so either the
 * post sees the change or the change sees the post.
 */
async function stageNothingPosted(repository: TenantRepository, transaction: TenantTransaction): Promise<boolean> {
  const counter = await repository.find<EntryCounter>(counterType, counterId);
  if ((counter?.last ?? 0) > 0) return false;
  if (counter) transaction.replace<EntryCounter>(counter, { last: counter.last });
  else transaction.create<EntryCounter>(counterType, counterId, { last: 0 });
  return true;
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
  deps: DomainDependencies,
  context: TenantContext,
  changes: SettingsChanges,
): Promise<SettingsView> {
  if (context.restrictions?.facilities !== undefined || context.restrictions?.divisions !== undefined)
    throw new ForbiddenError('Organisation settings act for every facility: not for a restricted member');
  const repository = repositoryFor(deps, context);
  if (changes.baseCurrency) currencyExponent(changes.baseCurrency);
  if (changes.logoDocumentId) await requireLogo(repository, changes.logoDocumentId);
  const { next, closeDayChanged, posted } = await changeOrganization(repository, async (organization, transaction) => {
    const changed = Object.entries(changes).filter(
      ([key, value]) => (organization as Record<string, unknown>)[key] !== (value ?? undefined),
    );
    const fixed = changed.map(([key]) => key).filter((key) => (booksSettings as readonly string[]).includes(key));
    if (fixed.length > 0 && !(await stageNothingPosted(repository, transaction)))
      throw new ConflictError(
        `Entries are already posted in these books, so ${fixed.join(', ')} can no longer change: every posted figure was stated under the current settings`,
      );
    const posted =
      fixed.length > 0 ? false : await ledgerDependencies(deps).journalStoreFor(context).hasNumberedEntries();
    if (changed.length === 0) return { result: { next: organization, closeDayChanged: false, posted } };
    const { logoDocumentId, ...rest } = { ...organization, ...changes };
    const updated: Organization = { ...rest, ...(logoDocumentId ? { logoDocumentId } : {}) };
    const before = (key: string) => (organization as Record<string, unknown>)[key] ?? null;
    const details = {
      from: JSON.stringify(Object.fromEntries(changed.map(([key]) => [key, before(key)]))),
      to: JSON.stringify(Object.fromEntries(changed)),
    };
    const audit = { action: 'organization.settings-changed', target: { type: 'organization', id: context.tenantId } };
    await stageAuditRecord(repository, transaction, context, { ...audit, details }, deps.clock.now());
    const closeDayChanged = changed.some(([key]) => key === 'closeOnDay');
    return { next: updated, result: { next: updated, closeDayChanged, posted } };
  });
  if (closeDayChanged)
    await closeDueNow(closeSchedule(deps), context.tenantId, deps.clock.now().toISOString().slice(0, 10));
  return view(next, !posted);
}
