import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { PermissionLevel, Resource } from '../shared/platform/auth/principal';
import { memberEmailIndexId } from '../shared/identity/member';
import { accountCodeIndexId, normalBalanceOf } from '../shared/ledger/accounts';
import type { SignInPolicy } from '../shared/platform/organization/organization';
import { slugDocumentId } from '../shared/identity/organization';
import { closeSchedule, scheduleCloses } from '../shared/ledger/close-schedule';
import { systemClock } from '../shared/platform/clock';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import type { DirectoryUser } from './emulators/oidc';

/**
 * A demo for local runs: two organisations with members and a small chart of accounts.
 * Written through the tenant repository so it carries the same attribution as real data.
 */
interface DemoMember {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly permissions: Partial<Record<Resource, PermissionLevel>>;
}

interface DemoOrganization {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly baseCurrency: string;
  readonly fiscalYearStartMonth: number;
  /** The first month of the books in Ledgerline; periods close in order from it. */
  readonly booksStartMonth: string;
  readonly signIn: SignInPolicy;
  readonly members: readonly DemoMember[];
}

const everything = (level: PermissionLevel): Partial<Record<Resource, PermissionLevel>> => ({
  ledger: level,
  'journal-entries': level,
  payables: level,
  receivables: level,
  items: level,
  banking: level,
  'payment-runs': level,
  portfolio: level,
  members: level,
  settings: level,
  audit: level,
});

const contosoEntraTenant = '3c0d7a52-5f2e-4b1a-9d4c-c0a7050c0de0';

export const demoOrganizations: readonly DemoOrganization[] = [
  {
    id: 'org-northwind',
    slug: 'northwind',
    name: 'Northwind Holdings',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
    signIn: { google: { domains: ['northwind.example'] } },
    members: [
      {
        id: 'member-ada',
        email: 'ada@northwind.example',
        displayName: 'Ada Controller',
        permissions: everything('admin'),
      },
      {
        id: 'member-ben',
        email: 'ben@northwind.example',
        displayName: 'Ben Bookkeeper',
        permissions: {
          ledger: 'edit',
          'journal-entries': 'contribute',
          payables: 'edit',
          receivables: 'edit',
          items: 'edit',
        },
      },
      {
        id: 'member-cy',
        email: 'cy@northwind.example',
        displayName: 'Cy Auditor',
        permissions: { ledger: 'read', 'journal-entries': 'read', audit: 'read' },
      },
    ],
  },
  {
    id: 'org-contoso',
    slug: 'contoso',
    name: 'Contoso Manufacturing',
    baseCurrency: 'EUR',
    fiscalYearStartMonth: 4,
    booksStartMonth: '2026-04',
    // Contoso people sign in with Contoso's Entra tenant; Ada, from the parent company, with Google.
    signIn: { entra: { tenantIds: [contosoEntraTenant] }, google: { domains: ['northwind.example'] } },
    members: [
      { id: 'member-dee', email: 'dee@contoso.example', displayName: 'Dee Finance', permissions: everything('admin') },
      {
        id: 'member-ada-contoso',
        email: 'ada@northwind.example',
        displayName: 'Ada Controller',
        permissions: { ledger: 'read', portfolio: 'read' },
      },
    ],
  },
];

const chartOfAccounts: ReadonlyArray<{
  code: string;
  name: string;
  type: 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';
}> = [
  { code: '1000', name: 'Cash at bank', type: 'asset' },
  { code: '1100', name: 'Accounts receivable', type: 'asset' },
  { code: '1500', name: 'Equipment', type: 'asset' },
  { code: '2000', name: 'Accounts payable', type: 'liability' },
  { code: '2100', name: 'Sales tax payable', type: 'liability' },
  { code: '3000', name: 'Owner equity', type: 'equity' },
  { code: '3900', name: 'Retained earnings', type: 'equity' },
  { code: '4000', name: 'Sales', type: 'revenue' },
  { code: '5000', name: 'Cost of goods sold', type: 'expense' },
  { code: '6100', name: 'Rent', type: 'expense' },
  { code: '6200', name: 'Salaries', type: 'expense' },
];

/**
 * A demo person's Entra object id: GUID-shaped like Entra's, and the same on every start (derived
 * from the email), because members are bound to the object id of their first sign-in.
 */
export function demoObjectId(email: string): string {
  const hex = createHash('sha256').update(`demo-oid|${email.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Everyone in the demo organisations, as the local identity provider's directory. */
export function demoDirectory(): DirectoryUser[] {
  const emails = new Map<string, string>();
  for (const org of demoOrganizations) for (const member of org.members) emails.set(member.email, member.displayName);
  return [...emails].map(([email, name]) => {
    const domain = email.split('@')[1]!;
    return domain === 'contoso.example'
      ? { email, name, entra: { tid: contosoEntraTenant, oid: demoObjectId(email) } }
      : { email, name, google: { hd: domain } };
  });
}

/** Seeds each demo organisation that does not exist yet; returns the ones it created. */
export async function seedDemo(container: Container, platform: Container): Promise<DemoOrganization[]> {
  const created: DemoOrganization[] = [];
  for (const organization of demoOrganizations) {
    const repository = new TenantRepository(container, {
      tenantId: organization.id,
      actor: { id: 'system:seed', kind: 'system' },
    });
    if (await repository.find('organization', organization.id)) continue;
    const { members, ...profile } = organization;
    const transaction = repository.transaction().create('organization', organization.id, profile);
    for (const { id, ...member } of members) {
      transaction.create('member', id, { ...member, status: 'active' });
      transaction.create('member-email', memberEmailIndexId(member.email), { memberId: id });
    }
    for (const account of chartOfAccounts) {
      const id = `account-${account.code}`;
      const { type, ...rest } = account;
      transaction.create('account', id, {
        ...rest,
        accountType: type,
        normalBalance: normalBalanceOf(type),
        parentId: null,
        facility: null,
        division: null,
        active: true,
        deleted: false,
        postingCount: 0,
      });
      transaction.create('account-code', accountCodeIndexId(account.code), { accountId: id });
    }
    await transaction.commit();
    await platform.items.upsert({ id: slugDocumentId(organization.slug), tenantId: organization.id });
    created.push(organization);
  }
  // Every organisation closes its months by itself: put the new ones on the close schedule.
  const schedule = closeSchedule({ container, clock: systemClock });
  for (const { id } of created) await scheduleCloses(schedule, id, systemClock.now().toISOString().slice(0, 10));
  return created;
}
