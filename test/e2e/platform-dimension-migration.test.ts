import { CosmosClient, type Container } from '@azure/cosmos';
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Dimension } from '../../shared/dimensions/dimensions';
import { createAccessTokens } from '../../shared/identity/access-tokens';
import { platformAdministrationTenant } from '../../shared/platform/auth/principal';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { systemClock } from '../../shared/platform/clock';
import { parseSigningKeyRing } from '../../shared/platform/config/secrets';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { poisonQueueName, queueNames } from '../../shared/platform/queues/queue-names';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { legacyValues, writeLegacyDocuments } from '../harness/legacy-dimensions';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { addTestMember, openTestSession, registerTestOperator } from '../harness/members';
import { eventually, queueSenderFor } from '../harness/outbox';
import { storageConnectionString } from '../harness/storage';

const secrets = generateDevelopmentSecrets();
const tokens = createAccessTokens(parseSigningKeyRing('TOKEN_SIGNING_KEYS', secrets.TOKEN_SIGNING_KEYS), systemClock);
const system = (tenantId: string) => ({ tenantId, actor: { id: 'system:test', kind: 'system' as const } });
const sorted = (values: readonly string[]) => [...values].sort();

/**
 * The platform-wide migration ('platform-dimensions-migrate') over the local host: an operator's
 * request fans out one queue message per organisation; the queue function turns each one's
 * free-text facilities and divisions into list entries, once, whatever is delivered twice.
 */
describe('the platform migration of free-text facilities and divisions', () => {
  let host: RunningHost;
  let data: Container;
  let olga: string;
  const orgs: Record<'a' | 'b', string> = { a: '', b: '' };
  const queue = () => `${host.queuePrefix}${queueNames.dimensionMigrations}`;
  const call = async (authorization: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${host.url}/api/${path}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const operator = async () =>
    (await openTestSession(data, tokens, platformAdministrationTenant, olga, 'operator')).authorization;
  const audit = (tenantId: string) =>
    new TenantRepository(data, system(tenantId)).queryAll<AuditRecord>(auditRecordType, { orderBy: 'c.sequence' });
  const lists = async (tenantId: string) => {
    const repository = new TenantRepository(data, system(tenantId));
    const codes = async (kind: 'facility' | 'division') =>
      sorted((await repository.queryAll<Dimension>(kind)).map((d) => `${d.code}${d.active ? '' : ' (inactive)'}`));
    return { facilities: await codes('facility'), divisions: await codes('division') };
  };
  const migrationRecords = async (tenantId: string) =>
    (await audit(tenantId)).filter((r) => /migrated$/.test(r.action)).map((r) => `${r.action} ${r.target.id}`);
  /** Messages the host's queue function settled (refused or done): its log says `ok` once for each. */
  const settled = () => host.output().split(`dimension-migration-organisation queue:${queue()} ok`).length - 1;
  const completedIn = (tenantId: string, request: string) =>
    eventually(async () => {
      const records = (await audit(tenantId)).filter((r) => r.target.id === request);
      return records.length > 0 ? records : undefined;
    });
  const expected = (tenantId: string, extra: readonly string[], requests: readonly string[]) => ({
    lists: {
      facilities: sorted([...legacyValues.facilities, ...extra]),
      divisions: sorted(legacyValues.divisions),
    },
    records: sorted([
      ...[...legacyValues.facilities, ...extra].map((code) => `settings.facility-migrated ${code}`),
      ...legacyValues.divisions.map((code) => `settings.division-migrated ${code}`),
      ...requests.map((request) => `settings.dimensions-migrated ${request}`),
    ]),
    tenantId,
  });
  const outcome = async (tenantId: string) => ({
    lists: await lists(tenantId),
    records: sorted(await migrationRecords(tenantId)),
    tenantId,
  });

  beforeAll(async () => {
    host = await startHostedApp({
      entry: 'functions/index.ts',
      env: { ...secrets, RATE_LIMIT_GLOBAL_PER_MINUTE: '100000', RATE_LIMIT_AUTHENTICATION_PER_MINUTE: '100000' },
    });
    const database = new CosmosClient({ endpoint: inject('cosmosEndpoint'), key: inject('cosmosKey') }).database(
      host.databaseName,
    );
    data = database.container('tenant-data');
    olga = await registerTestOperator(database.container('platform'), 'olga@ledgerline.example', {
      administration: true,
    });
    const authorization = await operator();
    for (const key of ['a', 'b'] as const) {
      const created = await call(authorization, 'POST', 'platform/organizations', {
        slug: `legacy-${key}`,
        legalName: `Legacy ${key.toUpperCase()} Ltd`,
        baseCurrency: 'USD',
        fiscalYearStartMonth: 1,
        booksStartMonth: '2026-01',
        signIn: { googleDomains: [`legacy-${key}.example`] },
        firstAdminEmail: `admin@legacy-${key}.example`,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      orgs[key] = String(created.body.id);
      await writeLegacyDocuments(data, orgs[key]);
    }
    // B alone named one more facility, on an account of its own.
    await new TenantRepository(data, system(orgs.b)).create('account', 'account-only-b', {
      code: '1900',
      name: 'B only',
      accountType: 'asset',
      normalBalance: 'debit',
      parentId: null,
      facility: 'Only in B',
      division: null,
      active: true,
      deleted: false,
    });
    // A suspended organisation is migrated too: its documents already name these values.
    const suspended = await call(authorization, 'POST', `platform/organizations/${orgs.b}/suspend`, {
      reason: 'unpaid invoices',
    });
    expect(suspended.status).toBe(200);
    await addTestMember(data, orgs.a, 'member-admin', {
      ledger: 'admin',
      'journal-entries': 'admin',
      settings: 'admin',
      members: 'admin',
      audit: 'admin',
    });
  }, 90_000);
  afterAll(async () => {
    await host?.stop();
  });

  it('an organisation’s admin cannot start it: platform administration is refused to members', async () => {
    const admin = (await openTestSession(data, tokens, orgs.a, 'member-admin')).authorization;
    expect((await call(admin, 'POST', 'platform/dimension-migrations')).status).toBe(403);
    expect((await call('', 'POST', 'platform/dimension-migrations')).status).toBe(401);
    const queued = await QueueServiceClient.fromConnectionString(storageConnectionString())
      .getQueueClient(queue())
      .getProperties();
    expect(queued.approximateMessagesCount).toBe(0);
    expect(await lists(orgs.a)).toEqual({ facilities: [], divisions: [] });
  });

  it('an operator migrates every organisation, suspended ones too; running it again and a duplicate delivery change nothing', async () => {
    const started = await call(await operator(), 'POST', 'platform/dimension-migrations');
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ request: expect.stringMatching(/^dimension-migration-/), organizations: 2 });
    const first = String(started.body.request);
    await Promise.all([completedIn(orgs.a, first), completedIn(orgs.b, first)]);
    expect(await outcome(orgs.a)).toEqual(expected(orgs.a, [], [first]));
    expect(await outcome(orgs.b)).toEqual(expected(orgs.b, ['Only in B'], [first]));

    const [completion] = (await audit(orgs.a)).filter((r) => r.target.id === first);
    expect(completion).toMatchObject({
      action: 'settings.dimensions-migrated',
      actor: { id: 'system:dimension-migration' },
      details: { request: first, requestedBy: olga, facilitiesCreated: 10, divisionsCreated: 7 },
    });
    const platformLog = (await audit(platformAdministrationTenant)).filter((r) => r.target.id === first);
    expect(platformLog).toHaveLength(1);
    expect(platformLog[0]).toMatchObject({
      action: 'platform.dimensions-migration-requested',
      actor: { id: olga, kind: 'operator' },
      details: { organizations: 2 },
    });

    const rerun = await call(await operator(), 'POST', 'platform/dimension-migrations');
    expect(rerun.status).toBe(202);
    const second = String(rerun.body.request);
    await Promise.all([completedIn(orgs.a, second), completedIn(orgs.b, second)]);
    expect(await outcome(orgs.a)).toEqual(expected(orgs.a, [], [first, second]));
    expect(await outcome(orgs.b)).toEqual(expected(orgs.b, ['Only in B'], [first, second]));

    // The first request's message for A delivered once more, long after it was done.
    const before = settled();
    const auditBefore = await audit(orgs.a);
    await queueSenderFor(host.queuePrefix).send(queueNames.dimensionMigrations, {
      request: first,
      tenantId: orgs.a,
      requestedBy: olga,
    });
    await eventually(async () => (settled() > before ? true : undefined));
    expect(await audit(orgs.a)).toEqual(auditBefore);
    expect(await lists(orgs.a)).toEqual(expected(orgs.a, [], []).lists);
  });

  it('a malformed message is refused once, logged, and changes nothing', async () => {
    const before = settled();
    const auditBefore = await audit(orgs.a);
    await queueSenderFor(host.queuePrefix).send(queueNames.dimensionMigrations, { tenantId: orgs.a });
    await eventually(async () => (settled() > before ? true : undefined));
    expect(host.output()).toContain('dimension-migration message refused');
    expect(await audit(orgs.a)).toEqual(auditBefore);
    const poison = await QueueServiceClient.fromConnectionString(storageConnectionString())
      .getQueueClient(poisonQueueName(queue()))
      .getProperties();
    expect(poison.approximateMessagesCount).toBe(0);
  });
});
