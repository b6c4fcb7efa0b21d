import { requireActiveDimensions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError } from '../platform/errors';
import { requireAccount } from './payables-accounts';
import type { PayablesDependencies } from './payables-dependencies';
import type { PayablesStore } from './payables-store';
import { basisPoints, readVendor, vendorFieldBinding, viewVendor, type PaymentTerms, type Vendor } from './vendor';
import type { NewVendor, VendorChanges, VendorListQuery, VendorView } from './vendor-schemas';

const termsOf = (terms: NewVendor['terms']): PaymentTerms => ({
  netDays: terms.netDays,
  discountBasisPoints: terms.discountPercent == null ? null : basisPoints(terms.discountPercent),
  discountDays: terms.discountDays ?? null,
});

function sealTaxId(deps: PayablesDependencies, context: TenantContext, vendorId: string, taxId: string | null) {
  return taxId
    ? deps.fieldCrypto.encrypt('sensitive', taxId, vendorFieldBinding(context.tenantId, vendorId, 'taxId'))
    : null;
}

async function checkExpenseAccount(store: PayablesStore, accountId: string | null | undefined) {
  if (accountId) await requireAccount(store, accountId, ['expense', 'asset'], 'defaultExpenseAccountId');
}

export async function createVendor(
  deps: PayablesDependencies,
  context: TenantContext,
  input: NewVendor,
): Promise<VendorView> {
  const store = deps.storeFor(context);
  await checkExpenseAccount(store, input.defaultExpenseAccountId);
  // A vendor's facility and division are what its bills default to in reports and restrictions: list entries, active.
  await requireActiveDimensions(deps, context, [input], () => '');
  const id = `vendor-${deps.ids.newId()}`;
  const vendor: Vendor = {
    name: input.name,
    nameKey: input.name.toLowerCase(),
    legalName: input.legalName ?? null,
    taxIdCiphertext: sealTaxId(deps, context, id, input.taxId ?? null),
    individual: input.individual,
    remittanceEmail: input.remittanceEmail ?? null,
    contacts: input.contacts.map((c) => ({
      name: c.name,
      email: c.email ?? null,
      phone: c.phone ?? null,
      role: c.role ?? null,
    })),
    address: input.address
      ? { ...input.address, region: input.address.region ?? null, postalCode: input.address.postalCode ?? null }
      : null,
    terms: termsOf(input.terms),
    defaultExpenseAccountId: input.defaultExpenseAccountId ?? null,
    facility: input.facility ?? null,
    division: input.division ?? null,
    active: true,
    deleted: false,
  };
  const created = await store.createVendor(id, vendor);
  return viewVendor(deps, created);
}

export async function getVendor(deps: PayablesDependencies, context: TenantContext, id: string): Promise<VendorView> {
  return viewVendor(deps, await readVendor(deps.storeFor(context), id));
}

export async function listVendors(deps: PayablesDependencies, context: TenantContext, query: VendorListQuery) {
  const page = await deps.storeFor(context).listVendors(query);
  return {
    items: page.items.map((vendor) => viewVendor(deps, vendor)),
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  };
}

export async function updateVendor(
  deps: PayablesDependencies,
  context: TenantContext,
  id: string,
  changes: VendorChanges,
): Promise<VendorView> {
  const store = deps.storeFor(context);
  if (changes.defaultExpenseAccountId) await checkExpenseAccount(store, changes.defaultExpenseAccountId);
  await requireActiveDimensions(deps, context, [changes], () => '');
  const updated = await retryOnConflict(`vendor ${id}`, async () => {
    const current = await readVendor(store, id);
    const next: Vendor = {
      ...current,
      ...(changes.name !== undefined ? { name: changes.name, nameKey: changes.name.toLowerCase() } : {}),
      ...(changes.legalName !== undefined ? { legalName: changes.legalName } : {}),
      ...(changes.taxId !== undefined ? { taxIdCiphertext: sealTaxId(deps, context, id, changes.taxId) } : {}),
      ...(changes.individual !== undefined ? { individual: changes.individual } : {}),
      ...(changes.remittanceEmail !== undefined ? { remittanceEmail: changes.remittanceEmail } : {}),
      ...(changes.contacts !== undefined
        ? {
            contacts: changes.contacts.map((c) => ({
              name: c.name,
              email: c.email ?? null,
              phone: c.phone ?? null,
              role: c.role ?? null,
            })),
          }
        : {}),
      ...(changes.address !== undefined
        ? {
            address: changes.address
              ? {
                  ...changes.address,
                  region: changes.address.region ?? null,
                  postalCode: changes.address.postalCode ?? null,
                }
              : null,
          }
        : {}),
      ...(changes.terms !== undefined ? { terms: termsOf(changes.terms) } : {}),
      ...(changes.defaultExpenseAccountId !== undefined
        ? { defaultExpenseAccountId: changes.defaultExpenseAccountId }
        : {}),
      ...(changes.facility !== undefined ? { facility: changes.facility } : {}),
      ...(changes.division !== undefined ? { division: changes.division } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
    };
    // Contacts are where a bank change's call-back number comes from: who changed them is on record.
    const contactsChanged = changes.contacts !== undefined || changes.remittanceEmail !== undefined;
    const audit = { action: 'payables.vendor-contacts-changed', target: { type: 'vendor', id } };
    await store.saveVendor({ current, next }, contactsChanged ? audit : undefined);
    return readVendor(store, id);
  });
  return viewVendor(deps, updated);
}

/** Soft delete, refused while the vendor has open bills: its record and history stay. */
export async function deleteVendor(deps: PayablesDependencies, context: TenantContext, id: string): Promise<void> {
  const store = deps.storeFor(context);
  await retryOnConflict(`vendor ${id}`, async () => {
    const current = await readVendor(store, id);
    const open = await store.openBillsOf(id);
    if (open.length > 0)
      throw new ConflictError(
        `The vendor has ${open.length} open bill(s) (${open.slice(0, 5).join(', ')}); settle or void them first`,
      );
    const audit = { action: 'payables.vendor-deleted', target: { type: 'vendor', id } };
    await store.saveVendor({ current, next: { ...current, deleted: true, active: false } }, audit);
  });
}
