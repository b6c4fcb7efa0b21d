import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { freePort } from '../../local/emulators/free-port';
import { localCertificate, type LocalCertificate } from '../../local/emulators/local-certificate';
import { startOidcProvider, type DirectoryUser, type OidcProvider } from '../../local/emulators/oidc';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { memberType, type Member } from '../../shared/identity/member';
import { slugDocumentId } from '../../shared/identity/organization';
import { refreshCookieName } from '../../shared/identity/refresh-tokens';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import type { Organization } from '../../shared/platform/organization/organization';
import { signInWithoutBrowser, type SignInOptions, type SignInQuery } from './browserless-sign-in';
import { startHostedApp, type RunningHost } from './local-host';
import { addTestOrganization } from './members';

/** The SPA's address in the sign-in suites: where a finished sign-in lands. */
export const spa = 'http://localhost:5173';

export interface SignInApp {
  readonly host: RunningHost;
  readonly idp: OidcProvider;
  /** The local provider's certificate, when it speaks HTTPS (Entra through MSAL needs it). */
  readonly certificate?: LocalCertificate;
  stop(): Promise<void>;
}

/**
 * The app under the local host with the local OIDC provider as its identity provider, as a
 * deployment is configured: Google Workspace, or Entra ID (MSAL refuses plain-HTTP authorities,
 * so the provider then speaks HTTPS with a certificate made for the run, trusted by the app).
 * Many sign-ins come from one address in a minute in these suites; the limit itself is tested in
 * sessions.test.ts. `env` adds or overrides settings.
 */
export async function startSignInApp(options: {
  readonly users: readonly DirectoryUser[];
  readonly provider: 'google' | 'entra';
  /** Entra tenants whose staff may sign in as platform operators. */
  readonly operatorTenantIds?: string;
  readonly env?: Record<string, string>;
}): Promise<SignInApp> {
  const certificate =
    options.provider === 'entra' ? await localCertificate(mkdtempSync(join(tmpdir(), 'sign-in-tls-'))) : undefined;
  const idp = await startOidcProvider({ ...(certificate ? { tls: certificate } : {}), users: options.users });
  const port = await freePort();
  const provider: Record<string, string> = certificate
    ? {
        ENTRA_CLIENT_ID: 'ledgerline-entra-test',
        ENTRA_CLIENT_SECRET: 'entra-test-client-secret-for-the-local-provider',
        ENTRA_AUTHORITY: idp.issuerUrl,
        NODE_EXTRA_CA_CERTS: certificate.trustBundleFile,
        ...(options.operatorTenantIds ? { OPERATOR_ENTRA_TENANT_IDS: options.operatorTenantIds } : {}),
      }
    : { GOOGLE_CLIENT_ID: 'ledgerline-test', GOOGLE_ISSUER: idp.issuerUrl };
  const host = await startHostedApp({
    entry: 'functions/index.ts',
    port,
    env: {
      ...generateDevelopmentSecrets(),
      RATE_LIMIT_AUTHENTICATION_PER_MINUTE: '1000',
      SPA_URL: spa,
      PUBLIC_API_URL: `http://127.0.0.1:${port}`,
      ...provider,
      ...options.env,
    },
  }).catch(async (error: unknown) => {
    await idp.stop();
    throw error;
  });
  return {
    host,
    idp,
    ...(certificate ? { certificate } : {}),
    stop: async () => {
      await host.stop();
      await idp.stop();
    },
  };
}

/**
 * An organisation its members sign in to, as onboarding leaves it: the organisation document with
 * its sign-in policy, its active members (id, email and permissions) and its slug in the platform's
 * index, which the sign-in start reads.
 */
export async function seedSignInOrganisation(
  containers: RunningHost['containers'],
  organisation: {
    readonly tenantId: string;
    readonly slug: string;
    readonly name: string;
    readonly signIn: Organization['signIn'];
    readonly fiscalYearStartMonth?: number;
    readonly booksStartMonth?: string;
    readonly members: ReadonlyArray<{
      readonly id: string;
      readonly email: string;
      readonly displayName?: string;
      readonly permissions: Member['permissions'];
    }>;
  },
): Promise<void> {
  const { tenantId, slug, name, signIn, fiscalYearStartMonth = 1, booksStartMonth, members } = organisation;
  await addTestOrganization(containers.tenantData, tenantId, {
    slug,
    name,
    fiscalYearStartMonth,
    ...(booksStartMonth ? { booksStartMonth } : {}),
    signIn,
  });
  const repository = new TenantRepository(containers.tenantData, {
    tenantId,
    actor: { id: 'system:test', kind: 'system' },
  });
  for (const member of members)
    await repository.create<Member>(memberType, member.id, {
      email: member.email,
      displayName: member.displayName ?? member.id,
      status: 'active',
      permissions: member.permissions,
    });
  await containers.platform.items.create({ id: slugDocumentId(slug), tenantId });
}

/** Presents a refresh token (the sign-in's cookie) from the SPA's origin, as the SPA does. */
export function refreshWith(host: RunningHost, cookie: string): Promise<Response> {
  return fetch(`${host.url}/api/auth/refresh`, {
    method: 'POST',
    headers: { cookie: `${refreshCookieName}=${cookie}`, origin: spa },
  });
}

/**
 * Signs in through the redirect flow without a browser and answers the access token the SPA would
 * hold (`Bearer …`): the sign-in must land on the SPA and its refresh cookie must be honoured.
 */
export async function signInForToken(
  host: RunningHost,
  query: SignInQuery,
  options: SignInOptions = {},
): Promise<string> {
  const outcome = await signInWithoutBrowser(host.url, query, options);
  expect(outcome.landedAt).toBe(`${spa}/`);
  const refreshed = await refreshWith(host, outcome.refreshCookie!);
  expect(refreshed.status).toBe(200);
  return `Bearer ${((await refreshed.json()) as { accessToken: string }).accessToken}`;
}
