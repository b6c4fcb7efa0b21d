import { createHash, randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import type { Container } from '@azure/cosmos';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionStorage } from '../../local/provision';
import type { TenantContext } from '../../shared/platform/actor';
import { randomIds, systemClock } from '../../shared/platform/clock';
import { createFieldCrypto } from '../../shared/platform/crypto/field-crypto';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { readDocumentContent } from '../../shared/platform/documents/document-reads';
import { dataExportType, type DataExport } from '../../shared/platform/export/data-export';
import { getDataExport, readDataExportFile, requestDataExport } from '../../shared/platform/export/export-request';
import { runDataExport, type ExportRunDependencies } from '../../shared/platform/export/export-runner';
import { outboxType, type OutboxMessage, type OutboxRecord } from '../../shared/platform/outbox/outbox-record';
import { queueName } from '../../shared/platform/queues/queue-names';
import { createQueueSender } from '../../shared/platform/queues/queue-sender';
import { createTestDatabase } from '../harness/cosmos';
import { storageConnectionString } from '../harness/storage';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const fieldCrypto = createFieldCrypto({
  general: { primary: 'k', keys: { k: Buffer.alloc(32, 1) } },
  sensitive: { primary: 'k', keys: { k: Buffer.alloc(32, 2) } },
});

describe('full data export', () => {
  let data: Container;
  let deps: ExportRunDependencies;
  let prefix: string;
  const orgA: TenantContext = {
    tenantId: `org-${randomUUID().slice(0, 8)}`,
    actor: { id: 'member-admin', kind: 'member' },
  };
  const orgB: TenantContext = {
    tenantId: `org-${randomUUID().slice(0, 8)}`,
    actor: { id: 'member-b', kind: 'member' },
  };
  const secretAccount = '000123456789';

  /** Takes the export's queue messages as the host would, and runs each slice. */
  async function drain(limits: Parameters<typeof runDataExport>[2]): Promise<string[]> {
    const queue = QueueServiceClient.fromConnectionString(storageConnectionString()).getQueueClient(
      queueName(prefix, 'data-exports'),
    );
    const outcomes: string[] = [];
    for (let i = 0; i < 500; i += 1) {
      const [message] = (await queue.receiveMessages({ numberOfMessages: 1 })).receivedMessageItems;
      if (!message) return outcomes;
      const named = JSON.parse(Buffer.from(message.messageText, 'base64').toString()) as OutboxMessage;
      outcomes.push(await runDataExport(deps, named, limits));
      await queue.deleteMessage(message.messageId, message.popReceipt);
    }
    throw new Error('the export did not finish');
  }

  beforeAll(async () => {
    data = (await createTestDatabase()).containers.tenantData;
    prefix = `t${randomUUID().slice(0, 8)}-`;
    await provisionStorage(storageConnectionString(), prefix);
    deps = {
      container: data,
      blobs: BlobServiceClient.fromConnectionString(storageConnectionString()),
      clock: systemClock,
      ids: randomIds,
      queues: createQueueSender(QueueServiceClient.fromConnectionString(storageConnectionString()), prefix),
    };
    const a = new TenantRepository(data, orgA);
    for (let i = 1; i <= 40; i += 1)
      await a.create('journal-entry', `je-${i}`, {
        number: i,
        lines: [
          { accountId: 'account-cash', side: 'debit', amountMinor: String(i * 100) },
          { accountId: 'account-sales', side: 'credit', amountMinor: String(i * 100) },
        ],
      });
    await a.create('vendor', 'vendor-1', {
      name: 'Acme',
      bankAccount: fieldCrypto.encrypt('sensitive', secretAccount, `${orgA.tenantId}|vendor-1|bankAccount`),
    });
    await a.create('session', 'session-1', {
      memberId: 'member-admin',
      issuedRefreshTokens: [{ generation: 1, hash: 'h' }],
    });
    await new TenantRepository(data, orgB).create('journal-entry', 'je-b', { number: 1, lines: [] });
  });

  it('writes every record of the organisation, masked, in parts with a manifest of counts and hashes', async () => {
    const requested = await requestDataExport(deps, orgA, { notify: 'admin@a.example' });
    expect(requested.status).toBe('requested');
    // One small part per slice: the export hands over between slices and resumes from its cursor.
    const outcomes = await drain({ partBytes: 1500, pageSize: 7, sliceMs: 0 });
    expect(outcomes.filter((o) => o === 'handed over').length).toBeGreaterThan(3);
    expect(outcomes.at(-1)).toBe('completed');

    const finished = await getDataExport(deps, orgA, requested.id);
    expect(finished.status).toBe('completed');
    const manifestBytes = (await readDataExportFile(deps, orgA, requested.id, 'manifest.json')).bytes;
    const manifest = JSON.parse(manifestBytes.toString()) as {
      organization: string;
      records: Record<string, number>;
      files: Array<{ name: string; recordType: string; records: number; sha256: string }>;
    };
    expect(manifest.organization).toBe(orgA.tenantId);
    expect(manifest.records).toMatchObject({ 'journal-entry': 40, vendor: 1, session: 1 });
    expect(manifest.files.filter((f) => f.recordType === 'journal-entry').length).toBeGreaterThan(1);

    const exported: Array<Record<string, unknown>> = [];
    for (const file of manifest.files) {
      const { bytes } = await readDataExportFile(deps, orgA, requested.id, file.name);
      expect(sha256(bytes), file.name).toBe(file.sha256);
      const lines = bytes
        .toString()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines, file.name).toHaveLength(file.records);
      exported.push(...lines);
    }
    const ids = exported.map((r) => r.id);
    expect(ids.filter((id) => typeof id === 'string' && id.startsWith('je-')).sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => `je-${i + 1}`).sort(),
    );
    expect(ids).not.toContain('je-b');
    expect(exported.every((r) => r.tenantId === orgA.tenantId && r.etag === undefined)).toBe(true);
    expect(exported.find((r) => r.id === 'vendor-1')).toMatchObject({ name: 'Acme', bankAccount: '[encrypted]' });
    expect(exported.find((r) => r.id === 'session-1')).toMatchObject({ issuedRefreshTokens: '[withheld]' });
    const everything = JSON.stringify(exported);
    expect(everything).not.toContain('enc:v1:');
    expect(everything).not.toContain(secretAccount);

    // The requester hears it is ready, through the outbox.
    const notices = await new TenantRepository(data, orgA).queryAll<OutboxRecord<{ purpose: string; to: string[] }>>(
      outboxType,
      {
        where: 'c.work = @work',
        parameters: [{ name: '@work', value: 'email' }],
      },
    );
    expect(notices.map((n) => n.payload)).toEqual([
      expect.objectContaining({ purpose: 'data-export-ready', to: ['admin@a.example'] }),
    ]);
    // The export's files are documents of A's, never of B's.
    await expect(
      readDocumentContent(
        deps,
        orgB,
        'data-export',
        (await new TenantRepository(data, orgA).get<DataExport>(dataExportType, requested.id)).manifest!.documentId,
      ),
    ).rejects.toThrow(/No data-export document/);
  });

  it("does nothing more for a finished export's duplicate message, and refuses files not in it", async () => {
    const requested = await requestDataExport(deps, orgA, { notify: null });
    await drain({ partBytes: 1 << 20, pageSize: 100, sliceMs: 30_000 });
    const before = await new TenantRepository(data, orgA).get<DataExport>(dataExportType, requested.id);
    expect(await runDataExport(deps, { tenantId: orgA.tenantId, outboxId: before.outboxId })).toBe('nothing to do');
    expect((await new TenantRepository(data, orgA).get<DataExport>(dataExportType, requested.id)).etag).toBe(
      before.etag,
    );
    await expect(readDataExportFile(deps, orgA, requested.id, 'secrets.part-0001.ndjson')).rejects.toThrow(
      /has no file/,
    );
    await expect(getDataExport(deps, orgB, requested.id)).rejects.toThrow(/No data-export/);
  });
});
