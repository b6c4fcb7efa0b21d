import { z } from 'zod';
import { ConflictError } from '../errors';

/**
 * The organisation document: one per tenant, id = tenantId, in the tenant's partition. Identity
 * (sign-in policy, lockdown, security contact) and the ledger (currency, fiscal year, books
 * start, dual control, retained earnings, close day) each own some of its settings; this schema
 * is the one description of all of them, checked wherever the document is read.
 */
export const organizationType = 'organization';

export const currencyCodePattern = /^[A-Z]{3}$/;

/** Which directories may sign people in. Absent: none may (an organisation being set up). */
export const signInPolicy = z.object({
  google: z.object({ domains: z.array(z.string()).readonly() }).optional(),
  entra: z.object({ tenantIds: z.array(z.string()).readonly() }).optional(),
});

/** Who put the organisation into read-only lockdown, when and why. */
export const organizationLockdown = z.object({
  since: z.string(),
  by: z.string(),
  byKind: z.enum(['member', 'operator']),
  reason: z.string(),
});

/** Payables' settings, chosen by an admin (shared/payables/payables-settings.ts), never guessed. */
export const payablesSettings = z.object({
  apControlAccountId: z.string().optional(),
  purchaseTaxAccountId: z.string().optional(),
  /** Hours a new or changed vendor bank account waits after approval before it can be paid (default 48). */
  bankChangeCoolingOffHours: z.number().int().min(0).max(720).optional(),
});

/** Receivables' settings, chosen by an admin (shared/receivables/receivables-settings.ts), never guessed. */
export const receivablesSettings = z.object({
  arControlAccountId: z.string(),
  salesTaxAccountId: z.string(),
  cashAccountId: z.string(),
  statementDay: z.number().int().min(1).max(28),
  statementOverdueOnly: z.boolean(),
});

export const organization = z
  .object({
    slug: z.string().min(1),
    name: z.string().min(1),
    /** Absent while the books are not set up: the ledger refuses to run, never assumes one. */
    baseCurrency: z.string().regex(currencyCodePattern, 'an ISO 4217 code').optional(),
    fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
    signIn: signInPolicy.optional(),
    /** The first month the ledger holds; set once the books are opened. */
    booksStartMonth: z
      .string()
      .regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, 'a month YYYY-MM')
      .optional(),
    /** The day of the month on which the previous month closes by itself. */
    closeOnDay: z.number().int().min(1).max(28).optional(),
    /** Posting needs a second member's approval (a designated dual-control setting). */
    dualControl: z.boolean().optional(),
    retainedEarningsAccountId: z.string().optional(),
    /** Present while the organisation is in read-only lockdown (an incident). */
    lockdown: organizationLockdown.optional(),
    /** Emailed when a lockdown starts; an admin setting. */
    securityContact: z.string().optional(),
    payables: payablesSettings.optional(),
    /** Set by platform operators: no member may sign in or use a session until reactivated. */
    suspended: z.object({ since: z.string(), by: z.string(), reason: z.string() }).optional(),
    /** The organisation's logo: a document of kind logo in its own store. */
    logoDocumentId: z.string().optional(),
    receivables: receivablesSettings.optional(),
  })
  // Settings a newer release added survive a write by this one (a read-modify-write spreads them).
  .loose();

export type SignInPolicy = z.infer<typeof signInPolicy>;
export type OrganizationLockdown = z.infer<typeof organizationLockdown>;
export type Organization = z.infer<typeof organization>;
export type PayablesSettings = z.infer<typeof payablesSettings>;
export type ReceivablesSettings = z.infer<typeof receivablesSettings>;

/** Human names of the settings, so a broken document is reported in words an admin knows. */
const settingNames: Readonly<Record<string, string>> = {
  baseCurrency: 'base currency',
  fiscalYearStartMonth: 'fiscal year start month',
  booksStartMonth: 'books start month',
  closeOnDay: 'close day',
  signIn: 'sign-in policy',
  securityContact: 'security contact',
  retainedEarningsAccountId: 'retained earnings account',
  dualControl: 'dual control',
  payables: 'payables settings',
  logoDocumentId: 'logo',
  receivables: 'receivables settings',
};

/**
 * The stored document as the app may use it, or an error naming every setting that is malformed
 * (or missing where the document cannot be without it). Never a default: a setting the ledger
 * needs and the organisation has not chosen is the ledger's refusal (books.ts), not a guess.
 */
export function parseOrganization(document: unknown): Organization {
  const parsed = organization.safeParse(document);
  if (parsed.success) return parsed.data;
  const settings = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'document')))];
  const named = settings.map((setting) => settingNames[setting] ?? setting);
  throw new ConflictError(
    `The organisation's ${named.join(', ')} ${named.length > 1 ? 'are' : 'is'} missing or malformed`,
  );
}
