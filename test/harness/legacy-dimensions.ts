import type { Container } from '@azure/cosmos';
import type { Member } from '../../shared/identity/member';
import { accountType, type Account } from '../../shared/ledger/accounts';
import { journalEntryType, type JournalEntry } from '../../shared/ledger/journal-entry';
import { billType, newBillState, type Bill } from '../../shared/payables/bill';
import { vendorType, type Vendor } from '../../shared/payables/vendor';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import {
  applicationType,
  creditNoteType,
  receiptType,
  type Application,
  type Credit,
} from '../../shared/receivables/credits';
import { customerType, type Customer } from '../../shared/receivables/customers';
import { invoiceType, type Invoice } from '../../shared/receivables/invoice';

/**
 * What an organisation's documents held before facilities and divisions were lists: free text,
 * written here as the old code stored it (the one place a test writes documents raw). Each type
 * names a value no other type names, so a migration that skips a type misses its value. The
 * values are any text: a pipe, a slash, accents, spaces.
 */
export const legacyValues = {
  facilities: [
    'Accounts yard',
    'Applied site',
    'Bill site',
    'Draft site',
    'Invoice site',
    'Member site',
    'Plant 7/B',
    'Receipt site',
    'Vendor site',
    'a|b',
  ],
  divisions: ['Credit div', 'Customer div', 'Invoice line div', 'Purchasing', 'Retail', 'Wholesale', 'Über'],
} as const;

const line = (facility: string | null, division: string | null, side: 'debit' | 'credit', accountId: string) => ({
  accountId,
  side,
  amountMinor: '1000',
  facility,
  division,
  memo: null,
});

const entry = (status: JournalEntry['status'], lines: JournalEntry['lines']): JournalEntry => ({
  status,
  number: status === 'posted' ? 1 : null,
  date: '2026-01-05',
  memo: 'before the lists',
  reference: null,
  currency: 'USD',
  lines,
  reversalOf: null,
  postedAt: status === 'posted' ? '2026-01-05T10:00:00.000Z' : null,
  postedBy: status === 'posted' ? 'member-boss' : null,
});

const credit = (facility: string | null, division: string | null): Credit => ({
  customerId: 'customer-legacy',
  customerName: 'Legacy customer',
  date: '2026-01-10',
  amountMinor: '500',
  appliedMinor: '0',
  refundedMinor: '0',
  unappliedMinor: '500',
  refunds: [],
  journalEntryId: 'je-legacy-posted',
  facility,
  division,
});

/** Writes one of each tagged document into `tenantId`, a member restricted by free text among them. */
export async function writeLegacyDocuments(data: Container, tenantId: string): Promise<void> {
  const raw = new TenantRepository(data, { tenantId, actor: { id: 'system:legacy-app', kind: 'system' } });
  const account = (code: string, facility: string | null): Account => ({
    code,
    name: code,
    accountType: 'asset',
    normalBalance: 'debit',
    parentId: null,
    facility,
    division: null,
    active: true,
    deleted: false,
  });
  await raw.create<Account>(accountType, 'account-legacy-cash', account('1000', 'Accounts yard'));
  await raw.create<Account>(accountType, 'account-legacy-other', account('1100', ''));
  await raw.create<JournalEntry>(
    journalEntryType,
    'je-legacy-posted',
    entry('posted', [
      line('a|b', 'Retail', 'debit', 'account-legacy-cash'),
      line(null, null, 'credit', 'account-legacy-other'),
    ]),
  );
  await raw.create<JournalEntry>(
    journalEntryType,
    'je-legacy-draft',
    entry('draft', [
      line('Draft site', null, 'debit', 'account-legacy-cash'),
      line(null, null, 'credit', 'account-legacy-other'),
    ]),
  );
  await raw.create<Member>('member', 'member-legacy-clerk', {
    email: 'clerk@legacy.example',
    displayName: 'Clerk',
    status: 'active',
    permissions: { ledger: 'read' },
    restrictions: { facilities: ['Member site', 'Accounts yard'], divisions: ['Wholesale'] },
  });
  await raw.create<Vendor>(vendorType, 'vendor-legacy', {
    name: 'Legacy vendor',
    nameKey: 'legacy vendor',
    legalName: null,
    taxIdCiphertext: null,
    individual: false,
    remittanceEmail: null,
    contacts: [],
    address: null,
    terms: { netDays: 30, discountBasisPoints: null, discountDays: null },
    defaultExpenseAccountId: null,
    facility: 'Vendor site',
    division: 'Purchasing',
    active: true,
    deleted: false,
  });
  await raw.create<Bill>(billType, 'bill-legacy', {
    kind: 'bill',
    vendorId: 'vendor-legacy',
    billNumber: 'B-1',
    billDate: '2026-01-07',
    dueDate: '2026-02-06',
    discountBasisPoints: null,
    discountUntil: null,
    currency: 'USD',
    lines: [
      { accountId: 'account-legacy-cash', amountMinor: '700', facility: 'Bill site', division: null, memo: null },
      { accountId: 'account-legacy-cash', amountMinor: '300', facility: 'Plant 7/B', division: 'Über', memo: null },
    ],
    taxMinor: '0',
    totalMinor: '1000',
    ...newBillState,
    status: 'submitted',
    documentId: null,
    memo: null,
    drafters: ['member-boss'],
    submittedBy: 'member-boss',
    submittedAt: '2026-01-07T09:00:00.000Z',
  });
  await raw.create<Customer>(customerType, 'customer-legacy', {
    name: 'Legacy customer',
    billingEmails: ['ap@customer.example'],
    address: [],
    paymentTerms: 'net-30',
    creditLimitMinor: null,
    taxExempt: false,
    facility: null,
    division: 'Customer div',
    active: true,
    deleted: false,
  });
  await raw.create<Invoice>(invoiceType, 'invoice-legacy', {
    status: 'issued',
    number: 1,
    customerId: 'customer-legacy',
    customerName: 'Legacy customer',
    issueDate: '2026-01-08',
    dueDate: '2026-02-07',
    currency: 'USD',
    memo: null,
    facility: 'Invoice site',
    division: null,
    lines: [
      {
        itemId: null,
        description: 'Services',
        quantity: '10000',
        unitPriceMinor: '1000',
        revenueAccountId: 'account-legacy-other',
        taxRate: '0',
        amountMinor: '1000',
        taxMinor: '0',
        facility: null,
        division: 'Invoice line div',
      },
    ],
    subtotalMinor: '1000',
    taxMinor: '0',
    totalMinor: '1000',
    paidMinor: '500',
    openMinor: '500',
    journalEntryId: 'je-legacy-posted',
    voidEntryId: null,
    voidDate: null,
    documentId: null,
    emailedTo: [],
    emailSkipped: [],
  });
  await raw.create<Credit>(receiptType, 'receipt-legacy', credit('Receipt site', null));
  await raw.create<Credit>(creditNoteType, 'credit-note-legacy', credit(null, 'Credit div'));
  await raw.create<Application>(applicationType, 'application-legacy', {
    customerId: 'customer-legacy',
    source: 'receipt',
    sourceId: 'receipt-legacy',
    invoiceId: 'invoice-legacy',
    amountMinor: '500',
    date: '2026-01-10',
    facility: 'Applied site',
    division: null,
  });
}

/** How many documents of each type `writeLegacyDocuments` wrote, its one member aside (a suite adds its own). */
export const legacyDocumentCounts = {
  account: 2,
  'journal-entry': 2,
  vendor: 1,
  bill: 1,
  customer: 1,
  invoice: 1,
  receipt: 1,
  'credit-note': 1,
  'receivable-application': 1,
} as const;
