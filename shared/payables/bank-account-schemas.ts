import { z } from 'zod';
import { prefixedId } from '../platform/ids';
import { phoneNumber, vendorId } from './vendor-schemas';

/** Vendor bank details' shapes. No answer carries a full routing or account number: only the last four. */

export const bankAccountId = prefixedId('bank', 'a bank account id');
export const bankAccountParams = z.object({ id: vendorId, accountId: bankAccountId });
export const bankAccountTypes = ['checking', 'savings'] as const;

export const newBankAccount = z
  .object({
    routingNumber: z
      .string()
      .regex(/^\d{9}$/, 'nine digits')
      .meta({ description: 'ABA routing number; its check digit is verified' }),
    accountNumber: z.string().regex(/^\d{4,17}$/, '4 to 17 digits'),
    accountType: z.enum(bankAccountTypes),
    holderName: z
      .string()
      .trim()
      .min(1)
      .max(22)
      .meta({ description: 'As the bank knows it (22 characters, as in an ACH entry)' }),
    prenote: z.boolean().default(false).meta({
      description: 'Send a zero-dollar prenote in the next payment file; live payments wait 3 banking days after it',
    }),
  })
  .strict();
export type NewBankAccount = z.infer<typeof newBankAccount>;

export const bankAccountApproval = z
  .object({
    verification: z
      .object({
        method: z.literal('call-back'),
        phone: phoneNumber.meta({
          description: "The number called: one that was on the vendor's record before the change",
        }),
        calledAt: z.iso.datetime().meta({ description: 'When the vendor confirmed the change on that call' }),
        notes: z.string().trim().min(1).max(1000),
      })
      .strict(),
  })
  .strict();
export type BankAccountApproval = z.infer<typeof bankAccountApproval>;

export const bankAccountPurge = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

const nullableText = z.string().nullable();
export const bankAccountView = z
  .object({
    id: z.string(),
    vendorId: z.string(),
    state: z.enum(['pending', 'approved', 'superseded', 'replaced', 'purged']),
    accountType: z.enum(bankAccountTypes),
    holderName: nullableText,
    routingNumber: z.string().meta({ description: 'Masked: the last four digits' }),
    accountNumber: z.string().meta({ description: 'Masked: the last four digits' }),
    requestedBy: z.string(),
    requestedAt: z.string(),
    notice: z.object({ to: z.array(z.string()), outboxId: z.string() }).nullable(),
    approval: z
      .object({
        by: z.string(),
        at: z.string(),
        verification: z.object({
          method: z.string(),
          phone: z.string(),
          calledBy: z.string(),
          calledAt: z.string(),
          notes: z.string(),
        }),
      })
      .nullable(),
    usableFrom: nullableText.meta({ description: 'When cooling-off ends (approval and prenote permitting)' }),
    prenote: z.object({ required: z.boolean(), sentOn: nullableText, liveFrom: nullableText }),
    recognised: z.array(z.object({ vendorId: z.string(), bankAccountId: z.string(), state: z.string() })).meta({
      description:
        'Earlier accounts with the same routing and account number (by keyed fingerprint), purged ones included',
    }),
    purged: z.object({ by: z.string(), at: z.string(), reason: z.string() }).nullable(),
  })
  .meta({ id: 'VendorBankAccount' });
export type BankAccountView = z.infer<typeof bankAccountView>;
export const bankAccountList = z.object({ items: z.array(bankAccountView) });
