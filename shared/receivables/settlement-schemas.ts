import { z } from 'zod';
import { ledgerDate } from '../ledger/ledger-dates';
import { creditNoteId, customerId, invoiceId, invoiceLineInput, receiptId } from './schemas';

/** Receipts, credit notes, applications and refunds: how invoices get settled. */

const amount = z
  .string()
  .regex(/^\d{1,15}(\.\d+)?$/, 'a decimal string such as "1234.50"')
  .meta({ description: "A decimal string in the currency's ISO 4217 exponent", example: '120.00' });
const reference = z.string().trim().min(1).max(100);

export const applicationInput = z.object({ invoiceId, amount }).strict();
export const receiptInput = z
  .object({
    customerId,
    date: ledgerDate,
    amount,
    reference: reference.optional(),
    applications: z.array(applicationInput).max(20).default([]),
  })
  .strict();
export type ReceiptInput = z.infer<typeof receiptInput>;

export const creditNoteInput = z
  .object({
    customerId,
    date: ledgerDate,
    invoiceId: invoiceId.optional().meta({ description: 'The invoice it corrects; it is applied to it first' }),
    reason: z.string().trim().min(1).max(500),
    lines: z.array(invoiceLineInput).min(1).max(100),
  })
  .strict();
export type CreditNoteInput = z.infer<typeof creditNoteInput>;

export const creditSource = z.enum(['receipt', 'credit-note']);
export type CreditSource = z.infer<typeof creditSource>;
export const applyCreditInput = z
  .object({
    source: creditSource,
    sourceId: z.union([receiptId, creditNoteId]),
    date: ledgerDate,
    applications: z.array(applicationInput).min(1).max(20),
  })
  .strict();
export type ApplyCreditInput = z.infer<typeof applyCreditInput>;
export const refundInput = z.object({ date: ledgerDate, amount, reference: reference.optional() }).strict();
export type RefundInput = z.infer<typeof refundInput>;

const applicationView = z.object({ invoiceId: z.string(), amount: z.string(), date: z.string() });
export const receiptView = z
  .object({
    id: z.string(),
    customerId: z.string(),
    date: z.string(),
    amount: z.string(),
    reference: z.string().nullable(),
    applied: z.string(),
    refunded: z.string(),
    unapplied: z.string(),
    applications: z.array(applicationView),
    journalEntryId: z.string(),
  })
  .meta({ id: 'Receipt' });
export const receiptList = z.object({ items: z.array(receiptView) });

export const creditNoteView = z
  .object({
    id: z.string(),
    number: z.string().meta({ description: 'CN-000001: gap-free per organisation, its own sequence' }),
    customerId: z.string(),
    date: z.string(),
    invoiceId: z.string().nullable(),
    reason: z.string(),
    subtotal: z.string(),
    tax: z.string(),
    total: z.string(),
    applied: z.string(),
    unapplied: z.string(),
    applications: z.array(applicationView),
    journalEntryId: z.string(),
  })
  .meta({ id: 'CreditNote' });
export const creditNoteList = z.object({ items: z.array(creditNoteView) });
export const settlementListQuery = z.object({ customerId: customerId.optional() });

const agingFigures = {
  current: z.string(),
  days1to30: z.string(),
  days31to60: z.string(),
  days61to90: z.string(),
  over90: z.string(),
  open: z.string(),
  unappliedCredit: z.string(),
  balance: z.string(),
};
export const agingReport = z
  .object({
    asOf: z.string(),
    currency: z.string(),
    customers: z.array(z.object({ customerId: z.string(), name: z.string(), ...agingFigures })),
    totals: z.object(agingFigures),
  })
  .meta({ id: 'ArAging' });
export const agingQuery = z.object({
  asOf: ledgerDate,
  customerId: customerId.optional(),
  format: z.enum(['json', 'csv', 'pdf']).default('json'),
});
