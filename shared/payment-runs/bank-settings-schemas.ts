import { z } from 'zod';
import { prefixedId } from '../platform/ids';
import { isRoutingNumber } from './nacha/routing-number';

const routingNumber = z
  .string()
  .refine(isRoutingNumber, 'a 9-digit ABA routing number whose check digit is right')
  .meta({ description: 'ABA routing number (9 digits, check digit verified)' });

/** What NACHA's file header carries: a routing number, or the 10 characters a bank assigned instead. */
const immediateParty = z
  .string()
  .refine(
    (value) => isRoutingNumber(value) || /^[0-9A-Za-z]{10}$/.test(value),
    'a routing number or 10 letters and digits',
  );

/** NACHA text fields: printable ASCII, no more than the record holds. */
const nachaName = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[\x20-\x7e]+$/, 'printable ASCII');

const companyBankSettings = z.object({
  originatingRoutingNumber: routingNumber,
  immediateDestination: immediateParty.meta({ description: "The receiving point's routing number (file header)" }),
  immediateDestinationName: nachaName(23),
  immediateOrigin: immediateParty.meta({ description: 'Our identifier at the bank (file header)' }),
  immediateOriginName: nachaName(23),
  companyName: nachaName(16),
  companyIdentification: z
    .string()
    .regex(/^[0-9A-Za-z ]{10}$|^[0-9A-Za-z]{1,10}$/, 'up to 10 letters and digits (often 1 + the EIN)'),
  apCashAccountId: prefixedId('account', 'an account id').meta({ description: 'The asset account payments credit' }),
  discountAccountId: prefixedId('account', 'an account id')
    .nullable()
    .meta({ description: 'Where early-payment discounts taken are credited; without it no discount is taken' }),
});

export const companyBankSettingsInput = companyBankSettings.strict();
export type CompanyBankSettingsInput = z.infer<typeof companyBankSettingsInput>;

export const companyBankSettingsView = companyBankSettings
  .extend({ updatedAt: z.string(), updatedBy: z.string() })
  .meta({ id: 'CompanyBankSettings' });
export type CompanyBankSettingsView = z.infer<typeof companyBankSettingsView>;

/** What a banking admin reads: the settings, or null while nobody has set them. */
export const companyBankSettingsState = z.object({ settings: companyBankSettingsView.nullable() });
export type CompanyBankSettingsState = z.infer<typeof companyBankSettingsState>;
