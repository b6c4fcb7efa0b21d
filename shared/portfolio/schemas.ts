import { z } from 'zod';
import { accountTypes } from '../ledger/schemas';
import { ledgerMonth } from '../ledger/ledger-dates';
import { prefixedId } from '../platform/ids';

/**
 * The portfolio's shapes: share requests and codes, grants (the owner's side), shares (the
 * requester's side), the balances a share shows, and the consolidation a parent sets up. An
 * "organisation" in the API is a tenant inside; no tenant id is ever accepted or sent here.
 */

export const shareRequestId = prefixedId('share-request', 'a share request id');
export const grantId = prefixedId('portfolio-grant', 'a grant id');
export const shareId = prefixedId('portfolio-share', 'a share id');
export const grantParams = z.object({ id: grantId });
export const shareParams = z.object({ id: shareId });
export const consolidationParams = z.object({ month: ledgerMonth });

const instant = z.string();
const amount = z.string().meta({ description: 'A decimal amount in the currency named beside it' });
const organisationName = z.object({ name: z.string() });
const shareStatus = z.enum(['active', 'revoked', 'ended']);

export const shareRequestCreated = z.object({
  id: z.string(),
  /** Shown once, never stored: only its hash is kept. */
  code: z.string().meta({ description: 'Give it to the owning organisation out of band; shown only now' }),
  expiresAt: instant,
});

/** The pasted code: letters and digits in groups; spaces, dashes and case do not matter. */
const pastedCode = z.string().trim().min(1).max(100);
export const codeInput = z.object({ code: pastedCode, allowMonthToDate: z.boolean().default(false) });
export const grantInput = codeInput.extend({
  confirm: z.literal(true).meta({ description: 'The affirmative act: nothing is shared without it' }),
});
export type GrantInput = z.infer<typeof grantInput>;

const sharedAccount = z.object({ code: z.string(), name: z.string(), type: z.enum(accountTypes) });

export const grantPreview = z.object({
  requester: organisationName,
  expiresAt: instant,
  sees: z.object({
    what: z.string(),
    monthEnds: z.literal(true),
    monthToDate: z.boolean(),
    accounts: z.array(sharedAccount),
  }),
});
export type GrantPreview = z.infer<typeof grantPreview>;

export const grantView = z.object({
  id: z.string(),
  requester: organisationName,
  allowMonthToDate: z.boolean(),
  status: shareStatus,
  grantedAt: instant,
  endedAt: instant.nullable(),
});
export type GrantView = z.infer<typeof grantView>;
export const grantList = z.object({ items: z.array(grantView) });

export const shareView = z.object({
  id: z.string(),
  owner: organisationName,
  allowMonthToDate: z.boolean(),
  status: shareStatus,
  grantedAt: instant,
  endedAt: instant.nullable(),
});
export type ShareView = z.infer<typeof shareView>;
export const shareList = z.object({ items: z.array(shareView) });

export const balancesQuery = z.object({ month: ledgerMonth });
export const sharedBalances = z.object({
  owner: organisationName,
  month: z.string(),
  asOf: z.iso.date(),
  /** True when the month has not ended: the balances are month to date. */
  monthToDate: z.boolean(),
  currency: z.string(),
  accounts: z.array(sharedAccount.extend({ balance: amount.meta({ description: 'Debit positive, credit negative' }) })),
});
export type SharedBalances = z.infer<typeof sharedBalances>;

/** A rate as a decimal string: parent-currency units per unit of the organisation's currency. */
const rate = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,10})?$/, 'a positive decimal such as "1.0825", at most 10 decimals')
  .refine((value) => /[1-9]/.test(value), 'must be more than zero');
const code = z.string().regex(/^[A-Za-z0-9.-]{1,20}$/, 'an account code');
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code');

export const consolidationSetup = z.object({
  /** The parent's equity account that takes each translated organisation's rounding and rate differences. */
  translationAdjustmentCode: code.nullable().default(null),
  rates: z.record(currency, z.object({ closing: rate, average: rate })).default({}),
  /** Per share: the organisation's account code -> the parent's account code (overrides same-code mapping). */
  mappings: z.record(shareId, z.record(code, code)).default({}),
  eliminations: z
    .array(
      z.object({
        memo: z.string().trim().min(1).max(200),
        lines: z
          .array(z.object({ code, side: z.enum(['debit', 'credit']), amount: z.string().max(30) }))
          .min(2)
          .max(50),
      }),
    )
    .max(200)
    .default([]),
});
export type ConsolidationSetup = z.infer<typeof consolidationSetup>;

export const consolidationQuery = z.object({ format: z.enum(['json', 'csv', 'pdf']).default('json') });

export const consolidatedTrialBalance = z.object({
  month: z.string(),
  asOf: z.iso.date(),
  currency: z.string(),
  organisations: z.array(
    z.object({
      name: z.string(),
      currency: z.string(),
      rates: z.object({ closing: z.string(), average: z.string() }).nullable(),
    }),
  ),
  rows: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      type: z.enum(accountTypes),
      /** False for an organisation's account with no parent account: shown, never dropped. */
      mapped: z.boolean(),
      amounts: z.array(amount).meta({ description: 'One per organisation, in the order of `organisations`' }),
      eliminations: amount,
      total: amount,
    }),
  ),
  unmapped: z.array(
    z.object({ organisation: z.string(), code: z.string(), name: z.string(), balance: amount, currency: z.string() }),
  ),
  totals: z.object({ debit: amount, credit: amount }),
});
export type ConsolidatedTrialBalance = z.infer<typeof consolidatedTrialBalance>;
