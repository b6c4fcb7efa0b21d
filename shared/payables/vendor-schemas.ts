import { z } from 'zod';
import { attributionFields, pageOf, pageQueryFields, queryFlag } from '../platform/http/schema-parts';
import { prefixedId } from '../platform/ids';

/**
 * Vendors' shapes, one schema each: what routes accept (types inferred for the services) and
 * what they send. A field not named in a response schema never leaves; the tax id leaves masked.
 */

export const vendorId = prefixedId('vendor', 'a vendor id');
export const vendorParams = z.object({ id: vendorId });
const accountId = prefixedId('account', 'an account id');
const text = (max: number) => z.string().trim().min(1).max(max);
const dimension = text(100).nullable().optional();
/** A phone number as dialled: digits with an optional leading +, spaces, dots, dashes and brackets. */
export const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{6,30}$/, 'a phone number');

export const contact = z
  .object({
    name: text(200),
    email: z.email().max(320).nullable().optional(),
    phone: phoneNumber.nullable().optional(),
    role: text(100).nullable().optional(),
  })
  .strict();

export const address = z
  .object({
    lines: z.array(text(200)).min(1).max(4),
    city: text(100),
    region: text(100).nullable().optional(),
    postalCode: text(20).nullable().optional(),
    country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code'),
  })
  .strict();

export const paymentTerms = z
  .object({
    netDays: z.number().int().min(0).max(365).meta({ description: 'Days from the bill date to its due date' }),
    discountPercent: z
      .string()
      .regex(/^\d{1,2}(\.\d{1,2})?$/, 'a percentage such as "2" or "1.5"')
      .nullable()
      .optional()
      .meta({ description: 'Early-payment discount, in percent of the bill total' }),
    discountDays: z.number().int().min(0).max(365).nullable().optional(),
  })
  .strict()
  .refine((t) => (t.discountPercent == null) === (t.discountDays == null), {
    message: 'an early-payment discount needs both its percent and its days',
    path: ['discountDays'],
  });

export const newVendor = z
  .object({
    name: text(200),
    legalName: text(200).nullable().optional(),
    taxId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,20}$/, '4-20 letters, digits or dashes')
      .nullable()
      .optional()
      .meta({ description: 'Stored encrypted; only its last four characters are ever shown' }),
    individual: z
      .boolean()
      .default(false)
      .meta({ description: 'A person rather than a company (ACH payments to them are PPD, not CCD)' }),
    remittanceEmail: z.email().max(320).nullable().optional(),
    contacts: z.array(contact).max(10).default([]),
    address: address.nullable().optional(),
    terms: paymentTerms.default({ netDays: 30 }),
    defaultExpenseAccountId: accountId.nullable().optional(),
    facility: dimension,
    division: dimension,
  })
  .strict();
export type NewVendor = z.infer<typeof newVendor>;

export const vendorChanges = newVendor.partial().extend({ active: z.boolean().optional() }).strict();
export type VendorChanges = z.infer<typeof vendorChanges>;

export const vendorListQuery = z.object({
  search: text(100).optional().meta({ description: 'Vendors whose name contains this text, regardless of case' }),
  includeInactive: queryFlag,
  ...pageQueryFields,
});
export type VendorListQuery = z.infer<typeof vendorListQuery>;

const nullableText = z.string().nullable();
export const vendorView = z
  .object({
    id: z.string(),
    name: z.string(),
    legalName: nullableText,
    taxId: nullableText.meta({ description: 'Masked: the last four characters only (••••6789)' }),
    individual: z.boolean(),
    remittanceEmail: nullableText,
    contacts: z.array(z.object({ name: z.string(), email: nullableText, phone: nullableText, role: nullableText })),
    address: z
      .object({
        lines: z.array(z.string()),
        city: z.string(),
        region: nullableText,
        postalCode: nullableText,
        country: z.string(),
      })
      .nullable(),
    terms: z.object({ netDays: z.number(), discountPercent: nullableText, discountDays: z.number().nullable() }),
    defaultExpenseAccountId: nullableText,
    facility: nullableText,
    division: nullableText,
    active: z.boolean(),
    ...attributionFields,
  })
  .meta({ id: 'Vendor' });
export type VendorView = z.infer<typeof vendorView>;
export const vendorPage = pageOf(vendorView);
