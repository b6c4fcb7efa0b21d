import type { TenantContext } from '../actor';
import { stageAuditRecord } from '../audit/audit-log';
import type { Stored } from '../data/stored-document';
import { TenantRepository } from '../data/tenant-repository';
import { beginGeneratedDocument, storeGeneratedDocument } from '../documents/document-store';
import type { DocumentDependencies } from '../documents/document-record';
import { stageEmail } from '../email/email-message';
import { claimOutboxRecord, finishOutboxRecord, releaseOutboxRecord } from '../outbox/outbox-attempts';
import { dispatchOutbox, type OutboxMessage, type OutboxTicket } from '../outbox/outbox-record';
import type { QueueSender } from '../queues/queue-sender';
import { dataExportType, manifestFileName, partName, type DataExport } from './data-export';
import { exportManifest } from './export-manifest';
import { maskRecord } from './record-masking';

export interface ExportRunDependencies extends DocumentDependencies {
  readonly queues: QueueSender;
}

export interface ExportLimits {
  /** A part is closed at the first page end past this size. */
  readonly partBytes: number;
  readonly pageSize: number;
  /** A slice hands over to the next after this long, well inside its outbox lease (60 s). */
  readonly sliceMs: number;
}

export const defaultExportLimits: ExportLimits = { partBytes: 16 * 1024 * 1024, pageSize: 500, sliceMs: 30_000 };

/**
 * Writes the next part of the current record type: pages read with continuation tokens and
 * streamed to the document store as NDJSON, so memory holds one page and one 4 MiB block
 * whatever the organisation's size. The export record (cursor and files) is replaced once
 * the part is stored: a crash before that leaves the part unlisted and it is written again.
 */
async function writePart(
  deps: ExportRunDependencies,
  context: TenantContext,
  repository: TenantRepository,
  job: Stored<DataExport>,
  limits: ExportLimits,
): Promise<Stored<DataExport>> {
  const recordType = job.types![job.cursor.typeIndex]!;
  const name = partName(recordType, job.cursor.part);
  const writer = beginGeneratedDocument(deps, context, {
    kind: 'data-export',
    contentType: 'application/x-ndjson',
    filename: name,
    owner: { type: dataExportType, id: job.id },
  });
  let token = job.cursor.continuationToken ?? undefined;
  let records = 0;
  let bytes = 0;
  do {
    const page = await repository.query<Record<string, unknown>>(recordType, {
      maxItemCount: limits.pageSize,
      continuationToken: token,
    });
    const chunk = Buffer.from(page.items.map((item) => `${JSON.stringify(maskRecord(item))}\n`).join(''));
    await writer.write(chunk);
    records += page.items.length;
    bytes += chunk.length;
    token = page.continuationToken;
  } while (token && bytes < limits.partBytes);
  const stored = await writer.finish();
  const file = {
    name,
    recordType,
    part: job.cursor.part,
    records,
    bytes: stored.size,
    sha256: stored.sha256,
    documentId: stored.id,
  };
  const cursor = token
    ? { typeIndex: job.cursor.typeIndex, continuationToken: token, part: job.cursor.part + 1 }
    : { typeIndex: job.cursor.typeIndex + 1, continuationToken: null, part: 1 };
  return repository.replace(job, { ...job, cursor, files: [...job.files, file] });
}

/** The manifest, the completed export and its audit record, and the requester's notice, together. */
async function complete(
  deps: ExportRunDependencies,
  context: TenantContext,
  repository: TenantRepository,
  job: Stored<DataExport>,
) {
  const finishedAt = deps.clock.now().toISOString();
  const manifest = await storeGeneratedDocument(
    deps,
    context,
    {
      kind: 'data-export',
      contentType: 'application/json',
      filename: manifestFileName,
      owner: { type: dataExportType, id: job.id },
    },
    Buffer.from(JSON.stringify(exportManifest(job, context.tenantId, finishedAt), null, 2)),
  );
  const transaction = repository.transaction();
  transaction.replace(job, {
    ...job,
    status: 'completed',
    finishedAt,
    manifest: { documentId: manifest.id, sha256: manifest.sha256, bytes: manifest.size },
  });
  await stageAuditRecord(
    repository,
    transaction,
    context,
    {
      action: 'data-export.completed',
      target: { type: 'data-export', id: job.id },
      details: { files: job.files.length, manifestSha256: manifest.sha256 },
    },
    deps.clock.now(),
  );
  const notices: OutboxTicket[] = [];
  if (job.notify)
    notices.push(
      stageEmail(transaction, deps.ids, {
        to: [job.notify],
        subject: 'Your data export is ready',
        textBody: `The full export of your organisation's records you asked for on ${job.createdAt} is ready: ${job.files.length} files, listed with their SHA-256 in ${manifestFileName} (SHA-256 ${manifest.sha256}). An administrator can download it from the data exports page.`,
        purpose: 'data-export-ready',
      }),
    );
  await transaction.commit();
  await dispatchOutbox(deps.queues, notices);
}

/**
 * One slice of an export: claims its outbox work, writes parts until the slice's time is up,
 * then hands over to a fresh queue message, or finishes with the manifest. Duplicate messages
 * find the work claimed or finished and do nothing.
 */
export async function runDataExport(
  deps: ExportRunDependencies,
  message: OutboxMessage,
  limits: ExportLimits = defaultExportLimits,
): Promise<'completed' | 'handed over' | 'nothing to do'> {
  const context: TenantContext = { tenantId: message.tenantId, actor: { id: 'system:data-export', kind: 'system' } };
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const claim = await claimOutboxRecord<{ exportId: string }>(repository, deps.clock, 'data-export', message.outboxId);
  if (!claim) return 'nothing to do';
  let job = await repository.get<DataExport>(dataExportType, claim.record.payload.exportId);
  if (job.status === 'requested')
    job = await repository.replace(job, {
      ...job,
      status: 'running',
      types: await repository.recordTypes(),
      startedAt: deps.clock.now().toISOString(),
    });
  const started = performance.now();
  const remaining = (current: Stored<DataExport>) =>
    current.status === 'running' && current.cursor.typeIndex < current.types!.length;
  // At least one part per slice, so every slice moves the export on.
  while (remaining(job)) {
    job = await writePart(deps, context, repository, job, limits);
    if (performance.now() - started >= limits.sliceMs) break;
  }
  if (remaining(job)) {
    await releaseOutboxRecord(repository, message.outboxId, { uncertain: false, reason: null });
    await dispatchOutbox(deps.queues, [{ tenantId: message.tenantId, id: message.outboxId, work: 'data-export' }]);
    return 'handed over';
  }
  if (job.status === 'running') await complete(deps, context, repository, job);
  await finishOutboxRecord(repository, deps.clock, message.outboxId, 'completed', { result: { exportId: job.id } });
  return 'completed';
}
