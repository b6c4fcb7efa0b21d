import type { PayablesDependencies } from './payables-dependencies';
import type { Stored } from '../platform/data/stored-document';
import { NotFoundError } from '../platform/errors';
import type { VendorStore } from './vendor-store';
import type { VendorView } from './vendor-schemas';

export const vendorType = 'vendor';

export interface Contact {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly role: string | null;
}

export interface PaymentTerms {
  readonly netDays: number;
  /** Early-payment discount in hundredths of a percent (200 = 2 %), never a float. */
  readonly discountBasisPoints: number | null;
  readonly discountDays: number | null;
}

export interface Vendor {
  readonly name: string;
  /** The name lowercased: what search compares. */
  readonly nameKey: string;
  readonly legalName: string | null;
  /** AES-256-GCM under the customer-sensitive ring, bound to organisation, vendor and field. */
  readonly taxIdCiphertext: string | null;
  readonly individual: boolean;
  readonly remittanceEmail: string | null;
  readonly contacts: readonly Contact[];
  readonly address: {
    readonly lines: readonly string[];
    readonly city: string;
    readonly region: string | null;
    readonly postalCode: string | null;
    readonly country: string;
  } | null;
  readonly terms: PaymentTerms;
  readonly defaultExpenseAccountId: string | null;
  readonly facility: string | null;
  readonly division: string | null;
  readonly active: boolean;
  /** Soft delete: the vendor, its bills and its payment history stay. */
  readonly deleted: boolean;
  /** The approved bank account payments go to, and a change waiting for approval (bank-account.ts). */
  readonly bankAccountId?: string | null;
  readonly pendingBankAccountId?: string | null;
  /** Set by the first bill's batch (only while the vendor is not deleted), so a delete that raced it retries. */
  readonly hasBills?: boolean;
}

/** The associated data of a vendor field's ciphertext: copied to another vendor or field, it fails to decrypt. */
export const vendorFieldBinding = (tenantId: string, vendorId: string, field: string) =>
  `${tenantId}|vendor|${vendorId}|${field}`;

/** The last four characters behind bullets: what every answer shows of a tax id or an account number. */
export const masked = (value: string) => `••••${value.slice(-4)}`;

/** A vendor the caller may see: deleted vendors and vendors out of reach answer 404. */
export async function readVendor(store: Pick<VendorStore, 'findVendor'>, id: string): Promise<Stored<Vendor>> {
  const vendor = await store.findVendor(id);
  if (!vendor || vendor.deleted) throw new NotFoundError(`No vendor with id ${id}`);
  return vendor;
}

/** Percent text ("2", "1.5") to basis points, exactly. */
export function basisPoints(percent: string): number {
  const [whole = '0', fraction = ''] = percent.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export const percentText = (points: number) => {
  const fraction = String(points % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${Math.floor(points / 100)}.${fraction}` : String(Math.floor(points / 100));
};

export function viewVendor(deps: PayablesDependencies, vendor: Stored<Vendor>): VendorView {
  const taxId = vendor.taxIdCiphertext
    ? masked(
        deps.fieldCrypto.decrypt(
          'sensitive',
          vendor.taxIdCiphertext,
          vendorFieldBinding(vendor.tenantId, vendor.id, 'taxId'),
        ),
      )
    : null;
  return {
    id: vendor.id,
    name: vendor.name,
    legalName: vendor.legalName,
    taxId,
    individual: vendor.individual,
    remittanceEmail: vendor.remittanceEmail,
    contacts: vendor.contacts.map((c) => ({ ...c })),
    address: vendor.address && { ...vendor.address, lines: [...vendor.address.lines] },
    terms: {
      netDays: vendor.terms.netDays,
      discountPercent: vendor.terms.discountBasisPoints === null ? null : percentText(vendor.terms.discountBasisPoints),
      discountDays: vendor.terms.discountDays,
    },
    defaultExpenseAccountId: vendor.defaultExpenseAccountId,
    facility: vendor.facility,
    division: vendor.division,
    active: vendor.active,
    createdAt: vendor.createdAt,
    createdBy: vendor.createdBy,
    updatedAt: vendor.updatedAt,
    updatedBy: vendor.updatedBy,
  };
}
