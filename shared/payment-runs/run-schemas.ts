import { z } from 'zod';
import { ledgerDate } from '../ledger/ledger-dates';
import { prefixedId } from '../platform/ids';

const money = z
  .string()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, 'a positive decimal amount in dollars, e.g. 1234.50')
  .meta({ description: 'US dollars as a decimal string' });
const billId = prefixedId('bill', 'a bill id');
const vendorId = prefixedId('vendor', 'a vendor id');

export const paymentRunParams = z.object({ id: prefixedId('payment-run', 'a payment run id') });

export const newPaymentRun = z
  .object({
    payDate: ledgerDate.meta({
      description:
        'The effective entry date of the ACH file; a weekend or Fed holiday moves it to the next banking day',
    }),
    dueBy: ledgerDate.meta({ description: 'Bills due on or before this date are proposed' }),
    vendorIds: z.array(vendorId).min(1).max(1_000).optional(),
    maxTotal: money.optional(),
  })
  .strict();
export type NewPaymentRun = z.infer<typeof newPaymentRun>;

export const paymentRunEdit = z
  .object({
    /** Bills taken out of the run (their reservations are released). */
    remove: z.array(billId).max(1_000).default([]),
    /** A bill paid partly: the amount to pay now (a partial payment takes no discount). */
    amounts: z
      .array(z.object({ billId, amount: money }).strict())
      .max(1_000)
      .default([]),
  })
  .strict();
export type PaymentRunEdit = z.infer<typeof paymentRunEdit>;

export const paymentReturnInput = z
  .object({
    vendorId,
    /** Nacha return reason codes, R01 (insufficient funds) to R99. */
    code: z.string().regex(/^R\d{2}$/, 'a Nacha return code such as R01'),
    date: ledgerDate,
  })
  .strict();
export type PaymentReturnInput = z.infer<typeof paymentReturnInput>;

const runBillView = z.object({
  billId: z.string(),
  billNumber: z.string(),
  dueDate: z.string(),
  amount: z.string(),
  discount: z.string(),
});

const runPaymentView = z.object({
  vendorId: z.string(),
  vendorName: z.string(),
  amount: z.string(),
  discount: z.string(),
  bills: z.array(runBillView),
  returned: z.object({ code: z.string(), date: z.string() }).nullable(),
});

export const paymentRunStates = [
  'proposing',
  'draft',
  'approved',
  'processing',
  'finalized',
  'cancelled',
  'failed',
] as const;

export const paymentRunView = z
  .object({
    id: z.string(),
    state: z.enum(paymentRunStates),
    step: z.string().nullable(),
    payDate: z.string().meta({ description: 'The effective entry date: a banking day (Federal Reserve calendar)' }),
    requestedPayDate: z
      .string()
      .meta({ description: 'The pay date asked for; a weekend or Fed holiday moves payDate to the next banking day' }),
    dueBy: z.string(),
    vendorIds: z.array(z.string()).nullable(),
    maxTotal: z.string().nullable(),
    total: z.string(),
    discount: z.string(),
    billCount: z.number(),
    deferredBills: z.number().meta({
      description: "Bills due by the date left for a later run: their vendor's payment holds no more (2,000 bills)",
    }),
    vendorCount: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    progress: z.object({ vendorsPosted: z.number(), emailsQueued: z.number(), vendorsPaid: z.number() }),
    excluded: z.array(z.object({ vendorId: z.string(), vendorName: z.string(), reason: z.string() })),
    file: z
      .object({ documentId: z.string(), sha256: z.string(), size: z.number(), entries: z.number(), total: z.string() })
      .nullable(),
    flagged: z.object({ reason: z.string(), at: z.string() }).nullable(),
    failure: z.string().nullable(),
    payments: z.array(runPaymentView).optional(),
  })
  .meta({ id: 'PaymentRun' });
export type PaymentRunView = z.infer<typeof paymentRunView>;

export const paymentRunList = z.object({ items: z.array(paymentRunView.omit({ payments: true })) });
