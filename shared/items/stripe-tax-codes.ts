/**
 * The sales-tax taxonomy items are classified into: Stripe Tax product tax codes, with Stripe's
 * official names, as data. A subset: the common categories an accounting customer's catalogue
 * needs (general goods, food, clothing, digital, SaaS, services, shipping, nontaxable).
 *
 * Source: https://docs.stripe.com/tax/tax-codes (the list the Tax Codes API, GET /v1/tax_codes,
 * also serves). Retrieved 2026-11-25, from the published list as we know it: this build machine
 * reaches only the npm registry, and no npm package carries the list, so the codes and names
 * were written out by hand with care and checked against their use in public integrations.
 * Re-check against the source before adding a code; `description` is ours, written for the
 * model, not Stripe's text.
 */
export const taxonomySource = {
  name: 'Stripe Tax product tax codes',
  url: 'https://docs.stripe.com/tax/tax-codes',
  retrieved: '2026-11-25',
} as const;

export interface TaxCode {
  readonly code: string;
  /** Stripe's name for the code. */
  readonly name: string;
  readonly description: string;
}

export const stripeTaxCodes = [
  {
    code: 'txcd_99999999',
    name: 'General - Tangible Goods',
    description: 'Physical goods with no more specific category.',
  },
  {
    code: 'txcd_40060003',
    name: 'Food for Immediate Consumption',
    description: 'Prepared food and drink sold ready to eat, such as restaurant meals and catering.',
  },
  {
    code: 'txcd_30011000',
    name: 'Clothing and Footwear',
    description: 'Garments and shoes worn for everyday use.',
  },
  {
    code: 'txcd_10000000',
    name: 'General - Electronically Supplied Services',
    description: 'Services delivered over the internet with no more specific category, such as digital content.',
  },
  {
    code: 'txcd_10103000',
    name: 'Software as a service (SaaS) - personal use',
    description: 'Hosted software used through the internet by individuals for personal use.',
  },
  {
    code: 'txcd_10103001',
    name: 'Software as a service (SaaS) - business use',
    description: 'Hosted software used through the internet by a business.',
  },
  {
    code: 'txcd_20030000',
    name: 'General - Services',
    description: 'Services performed by people (labour, consulting, repairs) with no more specific category.',
  },
  {
    code: 'txcd_92010001',
    name: 'Shipping',
    description: 'Charges for delivering goods to the customer.',
  },
  {
    code: 'txcd_00000000',
    name: 'Nontaxable',
    description: 'Items exempt from sales tax everywhere.',
  },
] as const satisfies readonly TaxCode[];

export type TaxCodeValue = (typeof stripeTaxCodes)[number]['code'];
export const taxCodeValues = stripeTaxCodes.map((c) => c.code) as [TaxCodeValue, ...TaxCodeValue[]];

export function taxCodeNamed(code: string): TaxCode | undefined {
  return stripeTaxCodes.find((c) => c.code === code);
}
