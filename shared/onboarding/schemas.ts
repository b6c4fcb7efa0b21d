import { z } from 'zod';
import { prefixedId } from '../platform/ids';
import { accountTypes } from '../ledger/schemas';
import { currencyCodePattern } from '../platform/organization/organization';

/**
 * Onboarding's shapes: an organisation's settings as its admins see and change them, and (for
 * platform operators) organisations as the platform takes them on.
 */
const month = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const monthOfYear = z.number().int().min(1).max(12);

export const settingsChanges = z
  .object({
    name: z.string().trim().min(1).max(200),
    logoDocumentId: prefixedId('document', 'a document id of kind logo').nullable(),
    closeOnDay: z.number().int().min(1).max(28).meta({ description: 'The day the previous month closes by itself' }),
    baseCurrency: z.string().regex(currencyCodePattern, 'an ISO 4217 code'),
    fiscalYearStartMonth: monthOfYear,
    booksStartMonth: month,
  })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'name at least one setting');
export type SettingsChanges = z.infer<typeof settingsChanges>;

export const settingsView = z
  .object({
    slug: z.string(),
    name: z.string(),
    logoDocumentId: z.string().nullable(),
    securityContact: z.string().nullable(),
    closeOnDay: z.number().int(),
    dualControl: z.boolean(),
    baseCurrency: z.string().nullable(),
    fiscalYearStartMonth: z.number().int().nullable(),
    booksStartMonth: z.string().nullable(),
    booksSettable: z.boolean().meta({
      description: 'Whether base currency, fiscal year start and books start may still change (nothing posted yet)',
    }),
  })
  .meta({ id: 'OrganizationSettings' });
export type SettingsView = z.infer<typeof settingsView>;

/** What an operator takes a new customer on with. */
export const newOrganization = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, '2-63 lowercase letters, digits or "-"'),
    legalName: z.string().trim().min(1).max(200),
    baseCurrency: z.string().regex(currencyCodePattern, 'an ISO 4217 code'),
    fiscalYearStartMonth: monthOfYear,
    booksStartMonth: month,
    signIn: z
      .object({
        entraTenantIds: z.array(z.uuid()).max(20).optional(),
        googleDomains: z
          .array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a domain such as example.com'))
          .max(20)
          .optional(),
      })
      .strict()
      .refine((p) => (p.entraTenantIds?.length ?? 0) + (p.googleDomains?.length ?? 0) > 0, 'at least one directory'),
    firstAdminEmail: z.email(),
    /** How the first admin is shown until they change it (their email otherwise). */
    firstAdminName: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type NewOrganization = z.infer<typeof newOrganization>;

export const organizationStatuses = ['active', 'suspended'] as const;
export const platformOrganizationView = z
  .object({
    id: z.string(),
    slug: z.string(),
    legalName: z.string(),
    status: z.enum(organizationStatuses),
    createdAt: z.string(),
    suspendedAt: z.string().nullable(),
  })
  .meta({ id: 'PlatformOrganization' });
export type PlatformOrganizationView = z.infer<typeof platformOrganizationView>;
export const platformOrganizationList = z.object({ items: z.array(platformOrganizationView) });
export const platformOrganizationParams = z.object({
  id: z.string().regex(/^org-[a-z0-9][a-z0-9-]{1,62}$/, 'an organisation id'),
});
export const suspensionInput = z.object({ reason: z.string().trim().min(10).max(300) }).strict();

export const chartTemplateView = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    accounts: z.array(z.object({ code: z.string(), name: z.string(), type: z.enum(accountTypes) })),
  })
  .meta({ id: 'ChartTemplate' });
export type ChartTemplateView = z.infer<typeof chartTemplateView>;
export const chartTemplateList = z.object({ items: z.array(chartTemplateView) });
export const chartTemplateLoad = z.object({ template: z.string().regex(/^[a-z-]{1,40}$/, 'a template id') }).strict();
