import { z } from 'zod';
import { dimensionCode } from '../dimensions/schemas';
import { prefixedId } from '../platform/ids';
import { ledgerDate, ledgerMonth } from './ledger-dates';
import { currencyCodePattern } from './money';

/**
 * The ledger's shapes, one schema each: what routes accept (types inferred for the services)
 * and what they send. The pipeline passes every answer through its schema, so a field not named
 * here (the partition key, ETags, document types) never leaves.
 */

export const accountTypes = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;
export type AccountType = (typeof accountTypes)[number];
export const sides = ['debit', 'credit'] as const;

export const accountId = prefixedId('account', 'an account id');
export const journalEntryId = prefixedId('je', 'a journal entry id');
export const monthParams = z.object({ month: ledgerMonth });
export const accountParams = z.object({ id: accountId });
export const journalEntryParams = z.object({ id: journalEntryId });

const name = z.string().trim().min(1).max(200);
const memo = z.string().trim().min(1).max(500);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
/** A facility or division: the code of an entry of the organisation's list (checked in shared/dimensions). */
const dimension = dimensionCode.nullable().optional();

export const newAccount = z.object({
  code: z.string().regex(/^[A-Za-z0-9.-]{1,20}$/, '1-20 letters, digits, "." or "-"'),
  name,
  type: z.enum(accountTypes),
  parentId: accountId.nullable().optional(),
  facility: dimension,
  division: dimension,
});
export type NewAccount = z.infer<typeof newAccount>;
export const accountChanges = newAccount
  .pick({ name: true, parentId: true, facility: true, division: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict();
export type AccountChanges = z.infer<typeof accountChanges>;
export const accountListQuery = z.object({
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});

export const draftInput = z.object({
  date: ledgerDate,
  memo,
  reference: optionalText(100),
  currency: z.string().regex(currencyCodePattern, 'an ISO 4217 code'),
  lines: z
    .array(
      z.object({
        accountId,
        side: z.enum(sides),
        amount: z.string().max(40).meta({ description: "A decimal string in the currency's exponent, e.g. 1234.50" }),
        facility: dimension,
        division: dimension,
        memo: optionalText(500),
      }),
    )
    .min(1)
    .max(500),
});
export type DraftInput = z.infer<typeof draftInput>;

/** Import lines name accounts by code: the codes a company's books already use. */
export const importLine = z.object({
  account: newAccount.shape.code,
  side: z.enum(sides),
  amount: draftInput.shape.lines.element.shape.amount,
  facility: dimension,
  division: dimension,
  memo: optionalText(500),
});
export const importEntry = z.object({
  date: ledgerDate,
  memo,
  reference: optionalText(100),
  lines: z.array(importLine).min(1).max(500),
});
export type ImportEntry = z.infer<typeof importEntry>;
/** An import's body is held to the app's body limit (HTTP_MAX_BODY_BYTES, 1 MB by default) and at most this many entries. */
export const maxImportEntries = 5_000;
export const journalImportInput = z.union([
  z.object({ entries: z.array(importEntry).min(1).max(maxImportEntries) }).strict(),
  z
    .object({
      csv: z.string().min(1).meta({
        description:
          'CSV with the header entry,date,memo,reference,account,side,amount,facility,division,line_memo: one row per line, consecutive rows with one entry key form an entry',
      }),
    })
    .strict(),
]);
export type JournalImportInput = z.infer<typeof journalImportInput>;
export const journalImportResult = z
  .object({
    imported: z.number().int(),
    entries: z.array(z.object({ row: z.string(), id: z.string(), number: z.number().int() })),
  })
  .meta({ id: 'JournalImport' });
export type JournalImportResult = z.infer<typeof journalImportResult>;
export type LineInput = DraftInput['lines'][number];
export const reversalInput = z.object({ date: ledgerDate, memo: memo.optional() });
export type ReversalInput = z.infer<typeof reversalInput>;
export const journalEntryListQuery = z.object({
  continuationToken: z.string().max(4000).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});

export const dualControlInput = z.object({ enabled: z.boolean() });
export const approvalInput = z.object({
  version: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "the entry's version (from GET) that you reviewed")
    .meta({ description: 'The `version` of the entry as you reviewed it; refused if the draft changed since' }),
});
export const retainedEarningsInput = z.object({ accountId });

export const amount = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .meta({ description: "A decimal string in the currency's ISO 4217 exponent", example: '1234.50' });
export const nullableText = z.string().nullable();

export const accountView = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    type: z.enum(accountTypes),
    normalBalance: z.enum(sides),
    parentId: nullableText,
    facility: nullableText,
    division: nullableText,
    active: z.boolean(),
    deleted: z.boolean(),
  })
  .meta({ id: 'Account' });
export type AccountView = z.infer<typeof accountView>;
export const accountList = z.object({ items: z.array(accountView) });

export const journalEntryView = z
  .object({
    id: z.string(),
    status: z.enum(['draft', 'submitted', 'posted']),
    number: z.number().int().nullable(),
    date: z.iso.date(),
    memo: z.string(),
    reference: nullableText,
    currency: z.string(),
    reversalOf: nullableText,
    reversedBy: nullableText,
    version: z.string().meta({
      description: 'SHA-256 of what posting records (date, memo, reference, currency, lines); an approval names it',
    }),
    drafters: z
      .array(z.string())
      .meta({ description: 'Every member who wrote or edited the draft; none may approve it' }),
    submittedBy: nullableText,
    submittedAt: nullableText,
    postedAt: nullableText,
    postedBy: nullableText,
    lines: z.array(
      z.object({
        accountId: z.string(),
        side: z.enum(sides),
        amount,
        facility: nullableText,
        division: nullableText,
        memo: nullableText,
      }),
    ),
  })
  .meta({ id: 'JournalEntry' });
export type JournalEntryView = z.infer<typeof journalEntryView>;
export const journalEntryPage = z.object({ items: z.array(journalEntryView), continuationToken: nullableText });

/** A calendar month of the books, stored and shown alike. */
export const periodView = z
  .object({
    month: z.string(),
    status: z.enum(['open', 'closed', 'locked']),
    /** Bumped by every posting into the month, so a close and a post cannot both win. */
    postings: z.number().int(),
    closedAt: nullableText,
    closedBy: nullableText,
    /** Which snapshot is current: a reopened and re-closed month gets a new one, the old stays. */
    snapshotVersion: z.number().int().optional(),
    closingEntryId: nullableText.optional().meta({
      description: "A closed fiscal year end's closing entry; reopening the month reverses it",
    }),
  })
  .meta({ id: 'Period' });
export type Period = z.infer<typeof periodView>;
export const periodList = z.object({ items: z.array(periodView) });
export const periodReopened = z.object({ state: z.literal('reopened'), period: periodView });
export const reopenAwaitingApproval = z.object({ state: z.literal('awaiting-approval') });

export const dualControlSetting = z.object({
  dualControl: z.boolean(),
  pendingChange: z
    .object({ enabled: z.literal(false), requestedBy: z.string() })
    .nullable()
    .meta({ description: 'A request to turn dual control off, waiting for another admin to approve it' }),
});
export type DualControlState = z.infer<typeof dualControlSetting>;
export const retainedEarningsSetting = z.object({ retainedEarningsAccountId: z.string() });
