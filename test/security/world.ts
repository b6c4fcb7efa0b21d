import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { createAccessTokens } from '../../shared/identity/access-tokens';
import { slugDocumentId } from '../../shared/identity/organization';
import { organizationType } from '../../shared/platform/organization/organization';
import {
  platformAdministrationTenant,
  resources,
  type PermissionLevel,
  type Resource,
} from '../../shared/platform/auth/principal';
import { randomIds, systemClock } from '../../shared/platform/clock';
import { parseBasicCredentials, parseSigningKeyRing } from '../../shared/platform/config/secrets';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { storeGeneratedDocument } from '../../shared/platform/documents/document-store';
import type { EmailPayload } from '../../shared/platform/email/email-message';
import { outboxType, type OutboxRecord } from '../../shared/platform/outbox/outbox-record';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { appEntry, fastQueuesRoot } from '../harness/outbox';
import { addDimensions } from '../harness/dimensions';
import { addTestMember, openTestSession, registerTestOperator } from '../harness/members';
import { oidcIssuerUrl } from '../harness/oidc';
import type { Registration } from '../harness/registrations';
import { storageConnectionString } from '../harness/storage';
import { share, type WorldShares } from './portfolio-shares';

/** What a case sends: path parameters, query, JSON body and extra headers. */
export interface RouteRequest {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Organisation {
  readonly tenantId: string;
  /** What sign-in names it by. */
  readonly slug: string;
  /** Every resource at admin: the member whose valid requests prove each case is valid. */
  readonly admin: string;
  /** A second admin, for what one member may not do alone (approve their own draft). */
  readonly admin2: string;
  readonly accounts: { readonly cash: string; readonly revenue: string; readonly equity: string };
}

export const everything = Object.fromEntries(resources.map((r) => [r, 'admin'])) as Record<Resource, PermissionLevel>;
const below: Record<Exclude<PermissionLevel, 'none'>, PermissionLevel> = {
  read: 'none',
  contribute: 'read',
  edit: 'contribute',
  admin: 'edit',
};
const monthOf = (date: Date) => date.toISOString().slice(0, 7);
const today = new Date().toISOString().slice(0, 10);
const secrets = generateDevelopmentSecrets();
const ring = parseSigningKeyRing('TOKEN_SIGNING_KEYS', secrets.TOKEN_SIGNING_KEYS);
const tokens = createAccessTokens(ring, systemClock);

/**
 * The two organisations the route-table suite attacks, seeded once: A holds the records every
 * case aims at, B is the other tenant. Tokens for each kind of caller are made once and reused.
 * Seeding goes through the API itself, as an admin of A would, so every case starts from state
 * the product can really reach.
 */
export class World {
  readonly today = today;
  /** The books start eleven months back, so months can be closed (a month closes after it ends). */
  readonly booksStartMonth = monthOf(new Date(Date.now() - 330 * 86_400_000));
  a!: Organisation;
  b!: Organisation;
  /** A and B share their balances with each other throughout (test/security/portfolio-shares.ts). */
  shares!: WorldShares;
  /** Tokens that must not open anything. */
  readonly refused: Record<'forged' | 'expired' | 'revoked', string> = { forged: '', expired: '', revoked: '' };
  /** A member of A with every level, restricted to facility F1 and division D1. */
  restricted = '';
  /** A platform operator's read-only impersonation session in A. */
  operator = '';
  /** A platform operator's platform-administration session (the platform's own partition). */
  platformOperator = '';
  /** A session of A idle for 11 minutes: sensitive routes refuse it (and a refusal is not activity). */
  idle = '';
  private readonly belowLevel = new Map<string, string>();
  private counter = 0;

  private constructor(
    readonly host: RunningHost,
    readonly data: Container,
  ) {}

  static async start(): Promise<World> {
    // Queues polled every 250 ms: the background work cases wait for (emails, exports) finishes sooner.
    const host = await startHostedApp({
      appRoot: fastQueuesRoot,
      entry: appEntry,
      env: {
        ...secrets,
        RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
        RATE_LIMIT_AUTHENTICATION_PER_MINUTE: '1000000',
        HTTP_MAX_BODY_BYTES: '16384',
        GOOGLE_CLIENT_ID: 'ledgerline-test',
        GOOGLE_ISSUER: oidcIssuerUrl(),
        // The platform switch off: items created here stage no queue work that would change A later.
        AI_CLASSIFICATION_ENABLED: 'false',
      },
    });
    const data = host.containers.tenantData;
    const world = new World(host, data);
    await world.seed();
    return world;
  }

  stop(): Promise<void> {
    return this.host.stop();
  }

  /** A fresh suffix for codes, emails and addresses that must be unique. */
  unique(): number {
    this.counter += 1;
    return this.counter;
  }

  private async seed(): Promise<void> {
    this.a = await this.organisation('a');
    this.b = await this.organisation('b');
    this.shares = { aToB: await share(this, this.a, this.b), bToA: await share(this, this.b, this.a) };
    const a = this.a.tenantId;
    await addTestMember(this.data, a, 'a-restricted', everything);
    await addDimensions(`${this.host.url}/api`, this.a.admin, { facilities: ['F1', 'F2'], divisions: ['D1', 'D2'] });
    const restricted = await this.call(this.a.admin, 'PUT', 'admin/members/a-restricted/restrictions', {
      body: { facilities: ['F1'], divisions: ['D1'] },
    });
    if (restricted.status !== 200) throw new Error(`restricting a member: ${restricted.status}`);
    this.restricted = (await openTestSession(this.data, tokens, a, 'a-restricted')).authorization;
    const olga = await registerTestOperator(this.data.database.container('platform'), 'olga@ledgerline.example', {
      administration: true,
      operators: true,
    });
    this.operator = (await openTestSession(this.data, tokens, a, olga, 'operator')).authorization;
    this.platformOperator = (
      await openTestSession(this.data, tokens, platformAdministrationTenant, olga, 'operator')
    ).authorization;

    for (const memberId of ['a-revoked', 'a-expired', 'a-idle'])
      await addTestMember(this.data, a, memberId, everything);
    const revoked = await openTestSession(this.data, tokens, a, 'a-revoked');
    const ended = await this.call(this.a.admin, 'DELETE', `admin/sessions/${revoked.sessionId}`);
    if (ended.status !== 204) throw new Error(`revoking a session: ${ended.status}`);
    this.refused.revoked = revoked.authorization;
    const past = createAccessTokens(ring, { now: () => new Date(Date.now() - 60 * 60_000) });
    this.refused.expired = (await openTestSession(this.data, past, a, 'a-expired')).authorization;
    // Signed with a key we never issued, under the real key id: only the signature is wrong.
    const { privateKey } = generateKeyPairSync('ed25519');
    const forger = createAccessTokens(
      {
        primary: ring.primary,
        keys: { [ring.primary]: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      },
      systemClock,
    );
    const victim = await openTestSession(this.data, tokens, a, 'a-admin');
    const claims = { tenantId: a, memberId: 'a-admin', sessionId: victim.sessionId, kind: 'member' as const };
    this.refused.forged = `Bearer ${(await forger.issue(claims)).token}`;

    const idle = await openTestSession(this.data, tokens, a, 'a-idle');
    const { resource: session } = await this.data.item(idle.sessionId, a).read<Record<string, unknown>>();
    const lastActivityAt = new Date(Date.now() - 11 * 60_000).toISOString();
    await this.data.item(idle.sessionId, a).replace({ ...session!, lastActivityAt });
    this.idle = idle.authorization;
  }

  private async organisation(prefix: string): Promise<Organisation> {
    const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
    const tenantId = `org-${slug}`;
    await new TenantRepository(this.data, { tenantId, actor: { id: 'system:test', kind: 'system' } }).create(
      organizationType,
      tenantId,
      {
        slug,
        name: `Organisation ${prefix.toUpperCase()}`,
        baseCurrency: 'USD',
        fiscalYearStartMonth: 1,
        booksStartMonth: this.booksStartMonth,
        signIn: { google: { domains: [`${prefix}.example`] } },
      },
    );
    await this.data.database.container('platform').items.create({ id: slugDocumentId(slug), tenantId });
    const admins: string[] = [];
    for (const memberId of [`${prefix}-admin`, `${prefix}-admin2`]) {
      await addTestMember(this.data, tenantId, memberId, everything);
      admins.push((await openTestSession(this.data, tokens, tenantId, memberId)).authorization);
    }
    const partial = { tenantId, slug, admin: admins[0]!, admin2: admins[1]! };
    const account = (code: string, type: string) => this.createAccount(partial.admin, code, type);
    const accounts = {
      cash: await account('1000', 'asset'),
      revenue: await account('4000', 'revenue'),
      equity: await account('3900', 'equity'),
    };
    const organisation = { ...partial, accounts };
    await this.postedEntry(organisation);
    return organisation;
  }

  /** A third organisation (C1, C2, ...), for cases that need a partner A has no share with yet. */
  anotherOrganisation(): Promise<Organisation> {
    return this.organisation(`c${this.unique()}`);
  }

  /** Fresh sign-ins for A's and B's admins, for the acts that need a recent one (granting a share). */
  async renewAdminSignIns(): Promise<void> {
    for (const organisation of ['a', 'b'] as const) {
      const { tenantId, slug } = this[organisation];
      const admin = (await openTestSession(this.data, tokens, tenantId, `${slug.split('-')[0]}-admin`)).authorization;
      this[organisation] = { ...this[organisation], admin };
    }
  }

  /**
   * A member of A with every resource at admin except the route's, one level below what it
   * needs: nothing but that level can explain a refusal.
   */
  async belowLevelFor(resource: Resource, level: Exclude<PermissionLevel, 'none'>): Promise<string> {
    const key = `${resource}:${level}`;
    const known = this.belowLevel.get(key);
    if (known) return known;
    const memberId = `a-below-${resource}-${level}`;
    await addTestMember(this.data, this.a.tenantId, memberId, { ...everything, [resource]: below[level] });
    const { authorization } = await openTestSession(this.data, tokens, this.a.tenantId, memberId);
    this.belowLevel.set(key, authorization);
    return authorization;
  }

  /** Opens another session for a member of A (one they can then end, or an admin can revoke). */
  async session(memberId: string): Promise<string> {
    return (await openTestSession(this.data, tokens, this.a.tenantId, memberId)).sessionId;
  }

  /** Sends a request as `authorization` (or nobody) to `path` under /api. */
  call(
    authorization: string | undefined,
    method: string,
    path: string,
    options: { body?: unknown; query?: Readonly<Record<string, string>>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const url = new URL(`/api/${path}`, this.host.url);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.append(name, value);
    const bytes = options.body instanceof Uint8Array;
    const json = options.body !== undefined && typeof options.body !== 'string' && !bytes;
    return fetch(url, {
      method,
      // A redirect is an answer (sign-in sends the browser on); following it would leave the API.
      redirect: 'manual',
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(options.body !== undefined && !bytes ? { 'content-type': 'application/json' } : {}),
        ...(options.headers ?? {}),
      },
      ...(options.body !== undefined
        ? { body: json ? JSON.stringify(options.body) : (options.body as string | Uint8Array) }
        : {}),
    });
  }

  /** Sends a case's request to a declared route, filling its path template from the params. */
  send(
    authorization: string | undefined,
    route: Registration,
    request: RouteRequest,
    change: { body?: string | Uint8Array; headers?: Record<string, string>; query?: Record<string, string> } = {},
  ): Promise<Response> {
    const path = route.route!.replace(/\{(\w+)(?::[^}?]*)?(\?)?\}/g, (_whole, name: string) => {
      const value = request.params?.[name];
      if (value === undefined) throw new Error(`${route.name}: the case gives no value for {${name}}`);
      return encodeURIComponent(value);
    });
    return this.call(authorization, route.methods![0]!, path, {
      ...(change.body !== undefined ? { body: change.body } : request.body !== undefined ? { body: request.body } : {}),
      query: { ...(request.query ?? {}), ...(change.query ?? {}) },
      headers: { ...(request.headers ?? {}), ...(change.headers ?? {}) },
    });
  }

  /** Calls the API as A's admin and insists it worked: seeding must not fail quietly. */
  async expectOk<T>(authorization: string, method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.call(authorization, method, path, body === undefined ? {} : { body });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`seeding ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async createAccount(admin: string, code: string, type: string): Promise<string> {
    return (
      await this.expectOk<{ id: string }>(admin, 'POST', 'ledger/accounts', { code, name: `Account ${code}`, type })
    ).id;
  }

  /** A fresh account in A (its own code), for cases that change or delete one. */
  account(type = 'asset'): Promise<string> {
    return this.createAccount(this.a.admin, `9${String(this.unique()).padStart(3, '0')}`, type);
  }

  /** A draft in A dated today, by A's admin or another member. */
  async draft(by: string = this.a.admin, organisation: Organisation = this.a): Promise<string> {
    return (await this.expectOk<{ id: string }>(by, 'POST', 'ledger/journal-entries', this.entryBody(organisation))).id;
  }

  entryBody(organisation: Organisation = this.a) {
    return {
      date: this.today,
      memo: 'Cash sale',
      currency: 'USD',
      lines: [
        { accountId: organisation.accounts.cash, side: 'debit', amount: '100.00' },
        { accountId: organisation.accounts.revenue, side: 'credit', amount: '100.00' },
      ],
    };
  }

  async postedEntry(organisation: Organisation = this.a): Promise<string> {
    const id = await this.draft(organisation.admin, organisation);
    await this.expectOk(organisation.admin, 'POST', `ledger/journal-entries/${id}/post`);
    return id;
  }

  /** A member of A added through the API, for cases that change or remove one. */
  async member(permissions: Partial<Record<Resource, PermissionLevel>> = { ledger: 'read' }): Promise<string> {
    const email = `member-${this.unique()}@a.example`;
    const added = await this.expectOk<{ id: string }>(this.a.admin, 'POST', 'admin/members', {
      email,
      displayName: email,
      permissions,
    });
    return added.id;
  }

  /** An address A blocks (TEST-NET-3, one per call). */
  async blockedIp(): Promise<string> {
    const ip = `203.0.113.${this.unique()}`;
    await this.expectOk(this.a.admin, 'POST', 'admin/ip-blocks', { ip, reason: 'route-table suite' });
    return ip;
  }

  /** Closes A's next open month (in order from the books' start), its reports stored; says which it was. */
  async closeNextMonth(): Promise<string> {
    const month = await this.nextMonthToClose();
    await this.expectOk(this.a.admin, 'POST', `ledger/periods/${month}/close`);
    await this.settled();
    return month;
  }

  async nextMonthToClose(): Promise<string> {
    const { items } = await this.expectOk<{ items: Array<{ month: string; status: string }> }>(
      this.a.admin,
      'GET',
      'ledger/periods',
    );
    const closed = items
      .filter((p) => p.status !== 'open')
      .map((p) => p.month)
      .sort();
    const last = closed.at(-1);
    if (!last) return this.booksStartMonth;
    const [year, month] = last.split('-').map(Number) as [number, number];
    return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  }

  /** A file A's admin uploads through the API; its document id. */
  async upload(kind: string, bytes: Uint8Array, contentType: string): Promise<string> {
    const response = await this.call(this.a.admin, 'POST', `documents/${kind}`, {
      body: bytes,
      query: { filename: `${kind}-${this.unique()}` },
      headers: { 'content-type': contentType },
    });
    if (response.status !== 201) throw new Error(`seeding an upload: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }

  /** The Basic credentials the app's Postmark webhook expects. */
  readonly webhookCredentials = parseBasicCredentials(secrets.POSTMARK_WEBHOOK_CREDENTIALS);

  /** An email A's outbox sent through Postmark, as its record looks once completed. */
  async sentEmail(): Promise<{ outboxId: string; postmarkMessageId: string; to: string }> {
    const repository = new TenantRepository(this.data, {
      tenantId: this.a.tenantId,
      actor: { id: 'system:email', kind: 'system' },
    });
    const outboxId = `outbox-${randomUUID()}`;
    const postmarkMessageId = randomUUID();
    const to = `contact-${this.unique()}@customer.example`;
    const record: OutboxRecord<Partial<EmailPayload>> = {
      work: 'email',
      state: 'completed',
      payload: {
        to: [to],
        subject: 'Statement',
        textBody: 'Hello',
        attachments: [],
        purpose: 'statement',
        messageKey: randomUUID(),
      },
      attempts: 1,
      leaseUntil: null,
      uncertain: false,
      lastError: null,
      result: { postmarkMessageId },
      finishedAt: new Date().toISOString(),
    };
    await repository.create(outboxType, outboxId, record);
    return { outboxId, postmarkMessageId, to };
  }

  /**
   * Until A has no outbox work pending or in progress (an export and its notice email, a month's
   * reports): work running in the background would change A under the next case's snapshots.
   * Gives up within the test's own time limit, naming what is still waiting.
   */
  async settled(): Promise<void> {
    const deadline = Date.now() + 15_000;
    let waiting: unknown[] = [];
    while (Date.now() < deadline) {
      ({ resources: waiting } = await this.data.items
        .query({
          query:
            "SELECT c.id, c.state, c.attempts, c.lastError FROM c WHERE c.tenantId = @t AND c.type = 'outbox' AND c.state IN ('pending', 'processing')",
          parameters: [{ name: '@t', value: this.a.tenantId }],
        })
        .fetchAll());
      if (waiting.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`A's outbox work did not finish: ${JSON.stringify(waiting)}`);
  }

  /** A finished data export of A, requested by its admin (and its notice sent). */
  async completedExport(): Promise<string> {
    const { id } = await this.expectOk<{ id: string }>(this.a.admin, 'POST', 'admin/data-exports');
    await this.settled();
    return id;
  }

  /** A period report as the month close stores it (generated documents have no upload route). */
  async periodReport(): Promise<string> {
    const deps = {
      container: this.data,
      blobs: BlobServiceClient.fromConnectionString(storageConnectionString()),
      clock: systemClock,
      ids: randomIds,
    };
    const context = { tenantId: this.a.tenantId, actor: { id: 'system:period-close', kind: 'system' as const } };
    const owner = { type: 'period', id: this.booksStartMonth };
    const document = { kind: 'period-report', contentType: 'text/csv', filename: 'trial-balance.csv', owner } as const;
    return (await storeGeneratedDocument(deps, context, document, Buffer.from('code,debit,credit\n'))).id;
  }

  /** On at once; off is asked for by A's admin and approved by the second admin. */
  async setDualControl(enabled: boolean): Promise<void> {
    const state = await this.expectOk<{ pendingChange: unknown }>(this.a.admin, 'PUT', 'ledger/settings/dual-control', {
      enabled,
    });
    if (state.pendingChange) await this.expectOk(this.a.admin2, 'POST', 'ledger/settings/dual-control/approve');
  }

  /** A draft in A by the second admin, submitted: what A's admin may approve. */
  async submittedDraft(): Promise<{ id: string; version: string }> {
    const id = await this.draft(this.a.admin2);
    return this.expectOk(this.a.admin2, 'POST', `ledger/journal-entries/${id}/submit`);
  }
}
