import { z } from 'zod';
import { attributionFields, pageOf, pageQueryFields, queryFlag } from '../platform/http/schema-parts';
import { currencyCodePattern } from '../ledger/money';
import { prefixedId } from '../platform/ids';
import { taxCodeValues } from './stripe-tax-codes';

/**
 * Items' shapes, one schema each: what routes accept (types inferred for the services) and what
 * they send. A field not named in a response schema never leaves.
 */

export const itemTypes = ['inventory', 'service'] as const;
export type ItemType = (typeof itemTypes)[number];

export const itemId = prefixedId('item', 'an item id');
export const itemParams = z.object({ id: itemId });
const accountId = prefixedId('account', 'an account id');
const taxCode = z.enum(taxCodeValues).meta({ description: 'A Stripe Tax product tax code (txcd_…)' });

const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);
const price = z
  .string()
  .regex(/^\d{1,15}(\.\d+)?$/, 'a decimal string such as "1234.50"')
  .meta({ description: "Unit price, a decimal string in the currency's ISO 4217 exponent", example: '19.90' });

export const newItem = z
  .object({
    sku: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, '1-64 letters, digits, ".", "_" or "-"')
      .meta({ description: 'Unique within the organisation, regardless of case; fixed once created' }),
    name,
    description: description.default(''),
    type: z.enum(itemTypes),
    currency: z.string().regex(currencyCodePattern, 'an ISO 4217 code'),
    unitPrice: price,
    revenueAccountId: accountId,
    expenseAccountId: accountId
      .nullable()
      .optional()
      .meta({ description: 'Required for inventory items (cost of goods sold); services may leave it out' }),
  })
  .strict();
export type NewItem = z.infer<typeof newItem>;

/** The SKU stays (invoice lines name it); the tax code changes only by an admin's decision. */
export const itemChanges = newItem
  .omit({ sku: true, type: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict();
export type ItemChanges = z.infer<typeof itemChanges>;

export const itemListQuery = z.object({
  search: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Finds items whose name or SKU contains this text, regardless of case' }),
  includeInactive: queryFlag,
  ...pageQueryFields,
});
export type ItemListQuery = z.infer<typeof itemListQuery>;

export const classificationStatuses = ['pending', 'suggested', 'none', 'unavailable', 'off'] as const;
export type ClassificationStatus = (typeof classificationStatuses)[number];

const suggestionView = z
  .object({
    code: z.string(),
    name: z.string(),
    confidence: z.number(),
    reason: z.string(),
    model: z.string(),
    at: z.string(),
  })
  .meta({ id: 'TaxSuggestion' });

export const classificationView = z
  .object({
    status: z.enum(classificationStatuses).meta({
      description:
        'pending: asked, no answer yet; suggested: a suggestion waits for an admin; none: the answer held no valid code; unavailable: the AI service could not be reached (suggestion unavailable); off: the AI step is switched off',
    }),
    suggestion: suggestionView.nullable(),
    detail: z.string().nullable(),
    decision: z
      .object({ kind: z.enum(['accepted', 'overridden']), code: z.string(), by: z.string(), at: z.string() })
      .nullable(),
  })
  .meta({ id: 'ItemClassification' });

export const itemView = z
  .object({
    id: z.string(),
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    type: z.enum(itemTypes),
    currency: z.string(),
    unitPrice: z.string(),
    revenueAccountId: z.string(),
    expenseAccountId: z.string().nullable(),
    taxCode: z.string().nullable(),
    taxCodeName: z.string().nullable(),
    active: z.boolean(),
    classification: classificationView,
    ...attributionFields,
  })
  .meta({ id: 'Item' });
export type ItemView = z.infer<typeof itemView>;

export const itemPage = pageOf(itemView);

/** Accepting names the code the admin saw: a newer suggestion that arrived since is not accepted unseen. */
export const acceptSuggestion = z.object({ code: taxCode }).strict();
export const overrideSuggestion = z.object({ taxCode }).strict();

export const classificationSettings = z.object({ enabled: z.boolean() }).strict();
export const classificationSettingsView = z
  .object({
    enabled: z.boolean().meta({ description: "The organisation's switch" }),
    platformEnabled: z.boolean().meta({ description: 'The platform switch; off means off for everyone' }),
    model: z.string(),
    taxonomy: z.object({ name: z.string(), url: z.string(), retrieved: z.string() }),
  })
  .meta({ id: 'ClassificationSettings' });

export const taxCodeList = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), description: z.string() })),
  source: z.object({ name: z.string(), url: z.string(), retrieved: z.string() }),
});
