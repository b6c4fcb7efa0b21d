import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionStorage } from '../../local/provision';
import { dimensionDocumentId, type Dimension } from '../../shared/dimensions/dimensions';
import { migrateDimensions } from '../../shared/dimensions/dimension-migration';
import { dimensionsDependencies } from '../../shared/dimensions/dimensions-dependencies';
import {
  migrateOrganization,
  type MigrationMessage,
  type OrganizationMigrationDependencies,
} from '../../shared/dimensions/platform-migration';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { verifyAuditChain } from '../../shared/platform/audit/verify-chain';
import { randomIds, systemClock } from '../../shared/platform/clock';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { queueName, queueNames } from '../../shared/platform/queues/queue-names';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { createTestDatabase } from '../harness/cosmos';
import { queueSenderFor } from '../harness/outbox';
import { storageConnectionString } from '../harness/storage';
import { legacyDocumentCounts, legacyValues, writeLegacyDocuments } from '../harness/legacy-dimensions';
import { killedAt, Killed } from '../harness/step-faults';

const logger = createLogger({ level: 'error', sink: () => undefined });
const system = (tenantId: string) => ({ tenantId, actor: { id: 'system:test', kind: 'system' as const } });
const sorted = (values: readonly string[]) => [...values].sort();

/**
 * The migration of free-text facilities and divisions, against the Cosmos emulator: every type
 * that carries them, once, resumable after a crash at any step, and the platform's queue work
 * safe against duplicate delivery.
 */
describe('the facility and division migration', () => {
  let deps: OrganizationMigrationDependencies;
  let container: Container;
  let queue: QueueClient;
  const organisation = async () => {
    const tenantId = `org-mig-${randomUUID().slice(0, 8)}`;
    await writeLegacyDocuments(container, tenantId);
    return tenantId;
  };
  const message = (tenantId: string): MigrationMessage => ({
    request: `dimension-migration-${randomUUID()}`,
    tenantId,
    requestedBy: 'operator-olga',
  });
  /** What the organisation ends with: its lists (code → active) and its audit records by action and target. */
  const outcome = async (tenantId: string) => {
    const repository = new TenantRepository(container, system(tenantId));
    const list = async (kind: 'facility' | 'division') =>
      Object.fromEntries((await repository.queryAll<Dimension>(kind)).map((d) => [d.code, d.active]));
    const audit = await repository.queryAll<AuditRecord>(auditRecordType, { orderBy: 'c.sequence' });
    return {
      facilities: await list('facility'),
      divisions: await list('division'),
      audit: audit.map((r) => `${r.action} ${r.target.id}`),
      chain: await verifyAuditChain(repository),
    };
  };
  const migratedAudit = (request?: string) => [
    ...legacyValues.facilities.map((code) => `settings.facility-migrated ${code}`),
    ...legacyValues.divisions.map((code) => `settings.division-migrated ${code}`),
    ...(request ? [`settings.dimensions-migrated ${request}`] : []),
  ];
  /** Delivers `first`, then every message the work sends on, as the host would; answers each delivery's outcome. */
  const deliverAll = async (work: OrganizationMigrationDependencies, first: MigrationMessage) => {
    const outcomes = [await migrateOrganization(work, first)];
    for (;;) {
      const [item] = (await queue.receiveMessages()).receivedMessageItems;
      if (!item) return outcomes;
      await queue.deleteMessage(item.messageId, item.popReceipt);
      const sent = JSON.parse(Buffer.from(item.messageText, 'base64').toString()) as MigrationMessage;
      expect(sent).toEqual(first);
      outcomes.push(await migrateOrganization(work, sent));
    }
  };
  const allActive = (codes: readonly string[]) => Object.fromEntries(codes.map((code) => [code, true]));

  beforeAll(async () => {
    const db = await createTestDatabase();
    const prefix = `mig${randomUUID().slice(0, 8)}-`;
    await provisionStorage(storageConnectionString(), prefix);
    queue = QueueServiceClient.fromConnectionString(storageConnectionString()).getQueueClient(
      queueName(prefix, queueNames.dimensionMigrations),
    );
    const queues = queueSenderFor(prefix);
    container = db.containers.tenantData;
    const storage = { container, clock: systemClock, ids: randomIds };
    deps = { ...dimensionsDependencies(storage), logger, queues };
  });

  // `legacyDocumentCounts` names every type by its stored name: a type the migration skips is missing from `documentsRead`.
  it('turns the free text of every document type into entries, reports them and the documents read, once', async () => {
    const tenantId = await organisation();
    const context = system(tenantId);
    const first = await migrateDimensions(deps, context);
    expect(first.created).toEqual({ facilities: legacyValues.facilities, divisions: legacyValues.divisions });
    expect(first.documentsRead).toEqual({ ...legacyDocumentCounts, member: 1 });
    const after = await outcome(tenantId);
    expect(after.facilities).toEqual(allActive(legacyValues.facilities));
    expect(after.divisions).toEqual(allActive(legacyValues.divisions));
    expect(sorted(after.audit)).toEqual(sorted(migratedAudit()));

    const second = await migrateDimensions(deps, context);
    expect(second.created).toEqual({ facilities: [], divisions: [] });
    expect(second.documentsRead).toEqual(first.documentsRead);
    expect(await outcome(tenantId)).toEqual(after);
  });

  it('leaves an entry already on the list alone: an inactive one stays inactive and is not audited again', async () => {
    const tenantId = await organisation();
    const repository = new TenantRepository(container, system(tenantId));
    await repository.create<Dimension>('facility', dimensionDocumentId('facility', 'Vendor site'), {
      code: 'Vendor site',
      name: 'Closed vendor depot',
      active: false,
    });
    const result = await migrateDimensions(deps, system(tenantId));
    expect(result.created.facilities).toEqual(legacyValues.facilities.filter((code) => code !== 'Vendor site'));
    const after = await outcome(tenantId);
    expect(after.facilities).toEqual({ ...allActive(legacyValues.facilities), 'Vendor site': false });
    expect(after.audit).not.toContain('settings.facility-migrated Vendor site');
    const [kept] = await repository.queryAll<Dimension>('facility', {
      where: 'c.code = @code',
      parameters: [{ name: '@code', value: 'Vendor site' }],
    });
    expect(kept?.name).toBe('Closed vendor depot');
  });

  it(
    'a run killed after any step finishes on the next delivery: every entry and record exactly once',
    { timeout: 120_000 },
    async () => {
      const steps = legacyValues.facilities.length + legacyValues.divisions.length + 1;
      for (let crashAt = 1; crashAt <= steps; crashAt += 1) {
        const tenantId = await organisation();
        const request = message(tenantId);
        const seen: string[] = [];
        await expect(migrateOrganization(killedAt(deps, crashAt, seen), request)).rejects.toBeInstanceOf(Killed);
        expect(seen).toHaveLength(crashAt);
        expect(await migrateOrganization(deps, request)).toBe('migrated');
        expect(await migrateOrganization(deps, request)).toBe('already-done');
        const after = await outcome(tenantId);
        expect(after.facilities, `crash at ${seen.at(-1)}`).toEqual(allActive(legacyValues.facilities));
        expect(after.divisions).toEqual(allActive(legacyValues.divisions));
        expect(sorted(after.audit), `crash at ${seen.at(-1)}`).toEqual(sorted(migratedAudit(request.request)));
        expect(after.chain).toEqual({ ok: true, count: steps });
      }
    },
  );

  it(
    'an organisation beyond one delivery’s page budget is migrated in stretches, each sending the next, even after a crash at any step of a stretch',
    { timeout: 120_000 },
    async () => {
      // Ten types, each under a page: three pages a delivery make four deliveries.
      const stretches = { ...deps, pagesPerDelivery: 3 };
      const tenantId = await organisation();
      const request = message(tenantId);
      expect(await deliverAll(stretches, request)).toEqual(['continued', 'continued', 'continued', 'migrated']);
      const after = await outcome(tenantId);
      expect(after.facilities).toEqual(allActive(legacyValues.facilities));
      expect(after.divisions).toEqual(allActive(legacyValues.divisions));
      expect(sorted(after.audit)).toEqual(sorted(migratedAudit(request.request)));
      const [completion] = await new TenantRepository(container, system(tenantId)).queryAll<AuditRecord>(
        auditRecordType,
        { where: 'c.target.id = @request', parameters: [{ name: '@request', value: request.request }] },
      );
      expect({ ...completion?.details, documentsRead: JSON.parse(String(completion?.details?.documentsRead)) }).toEqual(
        {
          ...request,
          facilitiesCreated: legacyValues.facilities.length,
          divisionsCreated: legacyValues.divisions.length,
          documentsRead: { ...legacyDocumentCounts, member: 1 },
        },
      );

      // Killed after each step of the first stretch (each entry created, its place saved): the
      // queue delivers the message again and the stretches go on from the last saved place.
      const seen: string[] = [];
      await expect(migrateOrganization(killedAt(stretches, 0, seen), message(await organisation()))).resolves.toBe(
        'continued',
      );
      await queue.clearMessages();
      expect(seen.at(-1)).toBe('saved');
      for (let crashAt = 1; crashAt <= seen.length; crashAt += 1) {
        const crashed = await organisation();
        const again = message(crashed);
        await expect(migrateOrganization(killedAt(stretches, crashAt), again)).rejects.toBeInstanceOf(Killed);
        expect((await deliverAll(stretches, again)).at(-1)).toBe('migrated');
        const ended = await outcome(crashed);
        expect(ended.facilities, `crash at ${seen[crashAt - 1]}`).toEqual(allActive(legacyValues.facilities));
        expect(sorted(ended.audit), `crash at ${seen[crashAt - 1]}`).toEqual(sorted(migratedAudit(again.request)));
        expect(ended.chain.ok).toBe(true);
      }
    },
  );

  it('two deliveries of one message at once create each entry once and one completion record', async () => {
    const tenantId = await organisation();
    const request = message(tenantId);
    const outcomes = await Promise.all([migrateOrganization(deps, request), migrateOrganization(deps, request)]);
    expect(sorted(outcomes)).toEqual(['already-done', 'migrated']);
    const after = await outcome(tenantId);
    expect(sorted(after.audit)).toEqual(sorted(migratedAudit(request.request)));
    expect(after.chain.ok).toBe(true);

    // A later request of the operator's finds nothing to create and says so in its own record.
    const again = message(tenantId);
    expect(await migrateOrganization(deps, again)).toBe('migrated');
    const last = await new TenantRepository(container, system(tenantId)).queryAll<AuditRecord>(auditRecordType, {
      where: 'c.target.id = @request',
      parameters: [{ name: '@request', value: again.request }],
    });
    expect(
      last.map(({ details }) => ({ ...details, documentsRead: JSON.parse(String(details?.documentsRead)) })),
    ).toEqual([
      {
        ...again,
        facilitiesCreated: 0,
        divisionsCreated: 0,
        documentsRead: { ...legacyDocumentCounts, member: 1 },
      },
    ]);
    expect(last[0]?.actor.id).toBe('system:dimension-migration');
  });

  it('an organisation in read-only lockdown is left untouched', async () => {
    const tenantId = await organisation();
    await new TenantRepository(container, system(tenantId)).create('organization', tenantId, {
      slug: `locked-${tenantId.slice(8)}`,
      name: 'Locked',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
      lockdown: { since: '2026-11-25T08:00:00.000Z', by: 'member-boss', byKind: 'member', reason: 'incident' },
    });
    expect(await migrateOrganization(deps, message(tenantId))).toBe('in-lockdown');
    expect(await outcome(tenantId)).toEqual({
      facilities: {},
      divisions: {},
      audit: [],
      chain: { ok: true, count: 0 },
    });
  });
});
