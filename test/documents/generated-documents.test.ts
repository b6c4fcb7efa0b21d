import { createHash, randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionStorage } from '../../local/provision';
import type { TenantContext } from '../../shared/platform/actor';
import { randomIds, systemClock } from '../../shared/platform/clock';
import { BlockBlobWriter } from '../../shared/platform/documents/block-blob-writer';
import { blobFor, type DocumentDependencies } from '../../shared/platform/documents/document-record';
import { readDocumentContent } from '../../shared/platform/documents/document-reads';
import { storeGeneratedDocument } from '../../shared/platform/documents/document-store';
import { ConflictError } from '../../shared/platform/errors';
import { createTestDatabase } from '../harness/cosmos';
import { storageConnectionString } from '../harness/storage';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('generated documents', () => {
  let deps: DocumentDependencies;
  const context: TenantContext = {
    tenantId: `org-${randomUUID().slice(0, 8)}`,
    actor: { id: 'system:test', kind: 'system' },
  };
  const report = (id: string) =>
    ({
      kind: 'period-report',
      id,
      contentType: 'text/csv',
      filename: 'tb.csv',
      owner: { type: 'period', id: '2026-01' },
    }) as const;

  beforeAll(async () => {
    const db = await createTestDatabase();
    await provisionStorage(storageConnectionString());
    deps = {
      container: db.containers.tenantData,
      blobs: BlobServiceClient.fromConnectionString(storageConnectionString()),
      clock: systemClock,
      ids: randomIds,
    };
  });

  it('are never overwritten: storing again under the same id keeps the first bytes', async () => {
    const first = Buffer.from('account,balance\n1000,10.00\n');
    const stored = await storeGeneratedDocument(deps, context, report('document-tb-2026-01'), first);
    expect(stored).toMatchObject({ sha256: sha256(first), size: first.length, origin: 'generated', immutable: true });
    const again = await storeGeneratedDocument(deps, context, report('document-tb-2026-01'), Buffer.from('forged'));
    expect(again.sha256).toBe(sha256(first));
    const { bytes } = await readDocumentContent(deps, context, 'period-report', 'document-tb-2026-01');
    expect(bytes.equals(first)).toBe(true);
  });

  it('refuses to commit over an existing blob (If-None-Match: *)', async () => {
    const blob = blobFor(deps, 'period-report', `${context.tenantId}/period-report/document-tb-2026-01`);
    const writer = new BlockBlobWriter(blob);
    await writer.write(Buffer.from('replacement'));
    await expect(writer.commit('text/csv')).rejects.toThrow(ConflictError);
  });

  it('adopts bytes an interrupted run stored before it could record them', async () => {
    const bytes = Buffer.from('left behind by a crash');
    const blob = blobFor(deps, 'period-report', `${context.tenantId}/period-report/document-is-2026-01`);
    await blob.uploadData(bytes);
    const stored = await storeGeneratedDocument(deps, context, report('document-is-2026-01'), Buffer.from('new run'));
    expect(stored.sha256).toBe(sha256(bytes));
  });

  it('two writers of one blob at once: the one that commits first is stored, its own bytes under its own hash', async () => {
    const path = `${context.tenantId}/period-report/document-race`;
    const [first, second] = [0, 1].map(() => new BlockBlobWriter(blobFor(deps, 'period-report', path)));
    // A full block each (4 MB) is staged as it is written: both are staged before either commits,
    // as when two deliveries of one message render the same document at once.
    const block = (fill: string) => Buffer.alloc(4 * 1024 * 1024, fill);
    await first!.write(block('a'));
    await second!.write(block('b'));
    const written = await first!.commit('text/csv');
    await expect(second!.commit('text/csv')).rejects.toThrow(ConflictError);
    const bytes = await blobFor(deps, 'period-report', path).downloadToBuffer();
    expect(sha256(bytes)).toBe(written.sha256);
    expect(bytes.equals(block('a'))).toBe(true);
  });
});
