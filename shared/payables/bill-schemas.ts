import { z } from 'zod';
import { attributionFields, pageOf, pageQueryFields } from '../platform/http/schema-parts';
import { ledgerDate } from '../ledger/ledger-dates';
import { currencyCodePattern } from '../ledger/money';
import { prefixedId } from '../platform/ids';
import { vendorId } from './vendor-schemas';

/** Bills' shapes: what routes accept (types inferred for the services) and what they send. */

export const billId = prefixedId('bill', 'a bill id');
export const billParams = z.object({ id: billId });
const accountId = prefixedId('account', 'an account id');
const amount = z
  .string()
  .regex(/^\d{1,15}(\.\d+)?$/, 'a decimal string such as "1234.50"')
  .meta({ description: "A decimal string in the currency's ISO 4217 exponent", example: '1234.50' });
const dimension = z.string().trim().min(1).max(100).nullable().optional();
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const billStatuses = ['draft', 'submitted', 'posted', 'partially-paid', 'paid', 'void'] as const;

export const newBill = z
  .object({
    kind: z
      .enum(['bill', 'credit'])
      .default('bill')
      .meta({ description: "A vendor's bill, or a credit memo from them (applied to their bills)" }),
    vendorId,
    billNumber: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .meta({ description: "The vendor's own number for the bill; a second bill of the vendor with it is refused" }),
    billDate: ledgerDate,
    currency: z.string().regex(currencyCodePattern, 'an ISO 4217 code'),
    lines: z
      .array(
        z
          .object({
            accountId: accountId.meta({ description: 'An expense or asset account' }),
            amount,
            facility: dimension,
            division: dimension,
            memo: optionalText(500),
          })
          .strict(),
      )
      .min(1)
      .max(40),
    tax: amount.default('0').meta({ description: 'Tax on the bill, debited to the purchase tax account setting' }),
    documentId: z
      .string()
      .regex(/^document-[A-Za-z0-9-]{1,100}$/)
      .nullable()
      .optional()
      .meta({ description: 'The uploaded bill (a `bill` document: PDF or image)' }),
    memo: optionalText(500),
  })
  .strict();
/** `kind` may be left out by callers in code too (a bill), as it may in a request. */
export type NewBill = Omit<z.infer<typeof newBill>, 'kind'> & { readonly kind?: 'bill' | 'credit' };

/** A draft is rewritten whole, except whose bill it is. */
export const billChanges = newBill.omit({ vendorId: true, kind: true });
export type BillChanges = z.infer<typeof billChanges>;

export const billListQuery = z.object({
  status: z.enum(['draft', 'submitted', 'posted', 'void']).optional(),
  kind: z.enum(['bill', 'credit']).optional(),
  vendorId: vendorId.optional(),
  ...pageQueryFields,
});
export type BillListQuery = z.infer<typeof billListQuery>;

export const billApproval = z
  .object({ version: z.string().regex(/^[0-9a-f]{64}$/, 'the version you reviewed (SHA-256 hex)') })
  .strict();
export const billVoid = z
  .object({
    date: ledgerDate.meta({ description: 'The date of the reversing entry' }),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();
export type BillVoid = z.infer<typeof billVoid>;

const nullableText = z.string().nullable();
export const billView = z
  .object({
    id: z.string(),
    kind: z.enum(['bill', 'credit']),
    vendorId: z.string(),
    billNumber: z.string(),
    billDate: z.string(),
    dueDate: z.string(),
    discount: z
      .object({ percent: z.string(), until: z.string() })
      .nullable()
      .meta({ description: 'The early-payment discount of the terms, when it has one' }),
    currency: z.string(),
    lines: z.array(
      z.object({
        accountId: z.string(),
        amount: z.string(),
        facility: nullableText,
        division: nullableText,
        memo: nullableText,
      }),
    ),
    tax: z.string(),
    total: z.string(),
    paid: z.string(),
    credited: z.string(),
    open: z
      .string()
      .meta({ description: 'Total minus payments and credits applied (of a credit: what is left to apply)' }),
    status: z.enum(billStatuses),
    version: z.string().meta({ description: 'SHA-256 of what approval posts; an approval names it' }),
    drafters: z.array(z.string()),
    submittedBy: nullableText,
    submittedAt: nullableText,
    approvedBy: nullableText,
    approvedAt: nullableText,
    journalEntryId: nullableText,
    voidedBy: nullableText,
    voidedAt: nullableText,
    voidEntryId: nullableText,
    documentId: nullableText,
    memo: nullableText,
    ...attributionFields,
  })
  .meta({ id: 'Bill' });
export type BillView = z.infer<typeof billView>;
export const billPage = pageOf(billView);

export const billPaymentInput = z
  .object({
    paymentId: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,100}$/, 'letters, digits and dashes')
      .meta({ description: 'Your id for this payment (a cheque number): recording it again changes nothing' }),
    date: ledgerDate,
    amount: amount.meta({ description: 'What was paid' }),
    discount: amount.default('0').meta({ description: 'Early-payment discount taken with it' }),
    cashAccountId: accountId.meta({ description: 'The bank or cash account the payment left' }),
    discountAccountId: accountId.nullable().optional(),
  })
  .strict();
export type BillPaymentInput = z.infer<typeof billPaymentInput>;

export const creditApplicationInput = z
  .object({
    creditId: billId.meta({ description: "A posted vendor credit of the bill's vendor" }),
    amount,
    date: ledgerDate,
  })
  .strict();
export type CreditApplicationInput = z.infer<typeof creditApplicationInput>;
