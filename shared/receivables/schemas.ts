import { z } from 'zod';
import { ledgerDate } from '../ledger/ledger-dates';
import { prefixedId } from '../platform/ids';

/**
 * Receivables' shapes, one schema each: what routes accept (types inferred for the services)
 * and what they send. Amounts are decimal strings in the organisation's base currency.
 */

export const customerId = prefixedId('customer', 'a customer id');
export const invoiceId = prefixedId('invoice', 'an invoice id');
export const receiptId = prefixedId('receipt', 'a receipt id');
export const creditNoteId = prefixedId('credit-note', 'a credit note id');
const accountId = prefixedId('account', 'an account id');
const itemId = prefixedId('item', 'an item id');

export const customerParams = z.object({ id: customerId });
export const invoiceParams = z.object({ id: invoiceId });
export const receiptParams = z.object({ id: receiptId });
export const creditNoteParams = z.object({ id: creditNoteId });

const text = (max: number) => z.string().trim().min(1).max(max);
const dimension = text(100).nullable().optional();
const amount = z
  .string()
  .regex(/^\d{1,15}(\.\d+)?$/, 'a decimal string such as "1234.50"')
  .meta({ description: "A decimal string in the currency's ISO 4217 exponent", example: '120.00' });
export const quantity = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,4})?$/, 'a decimal string with at most 4 decimals, such as "1.5"')
  .meta({ example: '2' });
export const taxRate = z
  .string()
  .regex(/^\d{1,2}(\.\d{1,4})?$|^100(\.0{1,4})?$/, 'a percentage from 0 to 100, at most 4 decimals, such as "8.875"')
  .meta({ description: 'Percent of the line amount', example: '8.25' });

export const receivablesSettingsInput = z
  .object({
    arControlAccountId: accountId,
    salesTaxAccountId: accountId,
    cashAccountId: accountId.meta({ description: 'Where receipts are deposited and refunds paid from' }),
    statementDay: z.number().int().min(1).max(28).meta({ description: 'Day of the month statement runs send' }),
    statementOverdueOnly: z.boolean().default(false),
  })
  .strict();
export type ReceivablesSettingsInput = z.infer<typeof receivablesSettingsInput>;
/** Every field null while an admin has not set receivables up yet. */
export const receivablesSettingsView = z
  .object({
    arControlAccountId: z.string().nullable(),
    salesTaxAccountId: z.string().nullable(),
    cashAccountId: z.string().nullable(),
    statementDay: z.number().int().nullable(),
    statementOverdueOnly: z.boolean().nullable(),
  })
  .meta({ id: 'ReceivablesSettings' });

export const paymentTerms = z.enum(['due-on-receipt', 'net-15', 'net-30', 'net-45', 'net-60', 'net-90']);
export type PaymentTerms = z.infer<typeof paymentTerms>;

export const newCustomer = z
  .object({
    name: text(200),
    billingEmails: z.array(z.email()).min(1).max(10),
    address: z.array(text(200)).max(6).default([]),
    paymentTerms: paymentTerms.default('net-30'),
    creditLimit: amount.nullable().optional(),
    taxExempt: z.boolean().default(false),
    facility: dimension,
    division: dimension,
  })
  .strict();
export type NewCustomer = z.infer<typeof newCustomer>;
export const customerChanges = newCustomer.partial().extend({ active: z.boolean().optional() }).strict();
export type CustomerChanges = z.infer<typeof customerChanges>;

export const customerView = z
  .object({
    id: z.string(),
    name: z.string(),
    billingEmails: z.array(z.string()),
    address: z.array(z.string()),
    paymentTerms,
    creditLimit: z.string().nullable(),
    taxExempt: z.boolean(),
    facility: z.string().nullable(),
    division: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Customer' });
export type CustomerView = z.infer<typeof customerView>;
export const customerList = z.object({ items: z.array(customerView) });

export const invoiceLineInput = z
  .object({
    itemId: itemId.optional(),
    description: text(500).optional(),
    quantity,
    unitPrice: amount.optional().meta({ description: "Required unless the item's price applies" }),
    revenueAccountId: accountId.optional().meta({ description: "Required unless the item's account applies" }),
    taxRate: taxRate.default('0'),
    facility: dimension,
    division: dimension,
  })
  .strict();
export const invoiceInput = z
  .object({
    customerId,
    issueDate: ledgerDate,
    dueDate: ledgerDate.optional().meta({ description: "Defaults to the issue date plus the customer's terms" }),
    memo: text(500).optional(),
    lines: z.array(invoiceLineInput).min(1).max(200),
  })
  .strict();
export type InvoiceInput = z.infer<typeof invoiceInput>;
export type InvoiceLineInput = z.infer<typeof invoiceLineInput>;

export const invoiceView = z
  .object({
    id: z.string(),
    status: z.enum(['draft', 'issued', 'void']),
    number: z.number().int().nullable(),
    customerId: z.string(),
    customerName: z.string(),
    issueDate: z.string(),
    dueDate: z.string(),
    currency: z.string(),
    memo: z.string().nullable(),
    facility: z.string().nullable(),
    division: z.string().nullable(),
    lines: z.array(
      z.object({
        itemId: z.string().nullable(),
        description: z.string(),
        quantity: z.string(),
        unitPrice: z.string(),
        revenueAccountId: z.string(),
        taxRate: z.string(),
        amount: z.string(),
        tax: z.string(),
        facility: z.string().nullable(),
        division: z.string().nullable(),
      }),
    ),
    subtotal: z.string(),
    tax: z.string(),
    total: z.string(),
    paid: z.string(),
    open: z.string(),
    journalEntryId: z.string().nullable(),
    voidEntryId: z.string().nullable(),
    documentId: z.string().nullable(),
    emailedTo: z.array(z.string()),
    emailSkipped: z.array(z.string()),
  })
  .meta({ id: 'Invoice' });
export type InvoiceView = z.infer<typeof invoiceView>;
export const invoiceListQuery = z.object({
  customerId: customerId.optional(),
  status: z.enum(['draft', 'issued', 'void']).optional(),
});
export const invoiceList = z.object({ items: z.array(invoiceView) });
export const voidInput = z.object({ date: ledgerDate, reason: text(500) }).strict();
export type VoidInput = z.infer<typeof voidInput>;
