import { createHash, randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { blobContainers } from '../../shared/platform/storage/blob-containers';
import { type RunningHost, startTestApp } from '../harness/local-host';
import { addMembersWithSessions } from '../harness/members';
import { sampleJpeg, samplePdf, samplePng } from '../harness/sample-files';
import { storageConnectionString } from '../harness/storage';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface DocumentBody {
  id: string;
  kind: string;
  size: number;
  sha256: string;
  contentType: string;
  filename: string;
  createdBy: string;
}

describe('documents over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  const blobs = () => BlobServiceClient.fromConnectionString(storageConnectionString());
  const orgA = `org-${randomUUID().slice(0, 8)}`;
  const orgB = `org-${randomUUID().slice(0, 8)}`;
  const people: Record<string, string> = {};

  beforeAll(async () => {
    host = await startTestApp(secrets);
    data = host.containers.tenantData;
    Object.assign(
      people,
      await addMembersWithSessions(data, tokens, orgA, {
        clerk: { payables: 'contribute', settings: 'admin' },
        viewer: { payables: 'read', settings: 'read' },
        outsider: { ledger: 'read' },
      }),
    );
    Object.assign(
      people,
      await addMembersWithSessions(data, tokens, orgB, { other: { payables: 'admin', settings: 'admin' } }),
    );
  });
  afterAll(async () => {
    await host?.stop();
  });

  const upload = (who: string, kind: string, bytes: Buffer | ReadableStream, type?: string, filename = 'bill.pdf') =>
    fetch(`${host.url}/api/documents/${kind}?filename=${encodeURIComponent(filename)}`, {
      method: 'POST',
      headers: { authorization: people[who]!, ...(type ? { 'content-type': type } : {}) },
      body: bytes,
      ...(bytes instanceof ReadableStream ? { duplex: 'half' } : {}),
    });
  const get = (who: string, path: string) =>
    fetch(`${host.url}/api/documents/${path}`, { headers: { authorization: people[who]! } });
  const storedPaths = async (tenantId: string) => {
    const paths: string[] = [];
    for (const container of Object.values(blobContainers)) {
      for await (const blob of blobs()
        .getContainerClient(container)
        .listBlobsFlat({ prefix: `${tenantId}/` }))
        paths.push(`${container}/${blob.name}`);
    }
    return paths;
  };
  const auditActions = async (tenantId: string) =>
    (
      await new TenantRepository(data, { tenantId, actor: { id: 'test', kind: 'system' } }).queryAll<AuditRecord>(
        auditRecordType,
      )
    ).map((record) => record.action);

  it('stores an upload with its hash, size and uploader, and serves the same bytes back', async () => {
    const pdf = await samplePdf();
    const response = await upload('clerk', 'bill', pdf, 'application/pdf', '../../etc/Bill "March".pdf');
    expect(response.status).toBe(201);
    const document = (await response.json()) as DocumentBody;
    expect(document).toMatchObject({
      kind: 'bill',
      size: pdf.length,
      sha256: sha256(pdf),
      contentType: 'application/pdf',
      createdBy: 'clerk',
      filename: 'Bill _March_.pdf',
    });
    expect(await storedPaths(orgA)).toEqual([`financial-documents/${orgA}/bill/${document.id}`]);

    const content = await get('viewer', `bill/${document.id}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect(content.headers.get('content-disposition')).toMatch(/^attachment; filename="Bill _March_.pdf"/);
    expect(content.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(pdf).digest('base64')}:`);
    expect(Buffer.from(await content.arrayBuffer()).equals(pdf)).toBe(true);
    expect(await auditActions(orgA)).toContain('document.uploaded');

    const png = samplePng(8);
    const logo = await upload('clerk', 'logo', png, 'image/png', 'logo.png');
    expect(logo.status).toBe(201);
    expect((await upload('clerk', 'receipt', sampleJpeg(), 'image/jpeg', 'r.jpg')).status).toBe(201);
    const listed = (await (await get('viewer', 'bill')).json()) as { items: DocumentBody[] };
    expect(listed.items.map((d) => d.id)).toEqual([document.id]);
  });

  it('refuses too large, disallowed and misdeclared uploads, and stores none of them', async () => {
    const before = await storedPaths(orgA);
    const big = Buffer.concat([samplePng(), Buffer.alloc(1024 * 1024 + 10)]);
    expect((await upload('clerk', 'logo', big, 'image/png')).status).toBe(413);
    // Without a Content-Length the limit still holds while the body streams.
    const endless = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i += 1) controller.enqueue(new Uint8Array(64 * 1024));
        controller.close();
      },
    });
    expect((await upload('clerk', 'logo', endless, 'image/png')).status).toBe(413);

    const pdf = await samplePdf();
    expect((await upload('clerk', 'logo', pdf, 'application/pdf')).status).toBe(415);
    expect((await upload('clerk', 'bill', Buffer.from('plain words'), 'text/plain')).status).toBe(415);
    expect((await upload('clerk', 'bill', pdf)).status).toBe(415);

    const fakePdf = await upload(
      'clerk',
      'bill',
      Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 0x20)]),
      'application/pdf',
    );
    expect(fakePdf.status).toBe(415);
    expect(((await fakePdf.json()) as { detail: string }).detail).toMatch(/no PDF trailer/);
    const pngAsPdf = await upload('clerk', 'bill', samplePng(), 'application/pdf');
    expect(((await pngAsPdf.json()) as { detail: string }).detail).toMatch(/declared as a PDF but its bytes are a PNG/);
    expect((await upload('clerk', 'bill', pdf, 'image/png')).status).toBe(415);

    expect((await upload('viewer', 'bill', pdf, 'application/pdf')).status).toBe(403);
    expect((await upload('outsider', 'logo', samplePng(), 'image/png')).status).toBe(403);
    expect(await storedPaths(orgA)).toEqual(before);
  });

  it("answers 404 for another organisation's document and for a document of another kind", async () => {
    const document = (await (
      await upload('clerk', 'bill', await samplePdf(), 'application/pdf')
    ).json()) as DocumentBody;
    expect((await get('other', `bill/${document.id}`)).status).toBe(404);
    expect((await get('other', `bill/${document.id}/content`)).status).toBe(404);
    expect((await get('viewer', `logo/${document.id}/content`)).status).toBe(404);
    expect((await get('viewer', `receipt/${document.id}`)).status).toBe(404);
    expect((await get('outsider', `bill/${document.id}/content`)).status).toBe(403);
    expect((await get('viewer', 'bill/document-does-not-exist/content')).status).toBe(404);
  });

  it('withholds a document whose stored bytes changed, and audits it', async () => {
    const pdf = await samplePdf('Receipt 7');
    const document = (await (await upload('clerk', 'receipt', pdf, 'application/pdf', 'r.pdf')).json()) as DocumentBody;
    // Someone with storage access (not through the app) replaces the bytes.
    const blob = blobs()
      .getContainerClient(blobContainers.financialDocuments)
      .getBlockBlobClient(`${orgA}/receipt/${document.id}`);
    const tampered = Buffer.from(pdf);
    tampered[200] = tampered[200]! ^ 0xff;
    await blob.uploadData(tampered);
    const response = await get('viewer', `receipt/${document.id}/content`);
    expect(response.status).toBe(500);
    expect(((await response.json()) as { type: string }).type).toMatch(/document-integrity-failed$/);
    expect(await auditActions(orgA)).toContain('document.integrity-failed');
  });
});
