import { createHash, randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { addMember } from '../shared/identity/members';
import { tenantIdentityDependencies } from '../shared/identity/identity-dependencies';
import { loadChartTemplate } from '../shared/onboarding/chart-setup';
import { onboardingDependencies } from '../shared/onboarding/onboarding-dependencies';
import { createOrganization } from '../shared/onboarding/organizations';
import { platformAdministrationTenant, type PermissionLevel, type Resource } from '../shared/platform/auth/principal';
import { systemClock } from '../shared/platform/clock';
import { PlatformRepository } from '../shared/platform/data/platform-repository';
import type { SignInPolicy } from '../shared/platform/organization/organization';
import type { DirectoryUser } from './emulators/oidc';

/** A demo for local runs: two organisations with members and a standard chart of accounts. */
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

/**
 * Seeds each demo organisation that does not exist yet, through the same services a customer's
 * organisation goes through: the platform's onboarding (organisation, first admin, slug, close
 * schedule), a standard chart template loaded in one call, then the other members added as an
 * admin adds them. Returns the ones it created.
 */
export async function seedDemo(container: Container, platform: Container): Promise<DemoOrganization[]> {
  const storage = {
    container,
    platform: new PlatformRepository(platform),
    clock: systemClock,
    ids: { newId: () => randomUUID() },
  };
  const deps = onboardingDependencies(storage);
  const seed = { tenantId: platformAdministrationTenant, actor: { id: 'system:seed', kind: 'system' as const } };
  const created: DemoOrganization[] = [];
  for (const organization of demoOrganizations) {
    if (await deps.platform.slugTaken(organization.slug)) continue;
    const [firstAdmin, ...others] = organization.members;
    await createOrganization(deps, seed, {
      slug: organization.slug,
      legalName: organization.name,
      baseCurrency: organization.baseCurrency,
      fiscalYearStartMonth: organization.fiscalYearStartMonth,
      booksStartMonth: organization.booksStartMonth,
      signIn: {
        ...(organization.signIn.entra ? { entraTenantIds: [...organization.signIn.entra.tenantIds] } : {}),
        ...(organization.signIn.google ? { googleDomains: [...organization.signIn.google.domains] } : {}),
      },
      firstAdminEmail: firstAdmin!.email,
      firstAdminName: firstAdmin!.displayName,
    });
    const inOrganization = { ...seed, tenantId: organization.id };
    await loadChartTemplate(deps, inOrganization, 'services');
    for (const { email, displayName, permissions } of others)
      await addMember(tenantIdentityDependencies(storage), inOrganization, { email, displayName, permissions });
    created.push(organization);
  }
  return created;
}
