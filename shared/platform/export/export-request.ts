import type { Container } from '@azure/cosmos';
import type { TenantContext } from '../actor';
import { stageAuditRecord } from '../audit/audit-log';
import type { Clock, IdGenerator } from '../clock';
import { retryOnConflict } from '../data/retry';
import { TenantRepository } from '../data/tenant-repository';
import { readDocumentContent } from '../documents/document-reads';
import { withinReach, type DocumentDependencies } from '../documents/document-record';
import { ForbiddenError, NotFoundError } from '../errors';
import { dispatchOutbox, outboxType, stageOutboxWork, type OutboxRecord } from '../outbox/outbox-record';
import type { QueueSender } from '../queues/queue-sender';
import { dataExportType, dataExportView, manifestFileName, type DataExport } from './data-export';

export interface ExportRequestDependencies extends DocumentDependencies {
  readonly queues: QueueSender;
}

export type DataExportView = ReturnType<typeof dataExportView>;

async function view(repository: TenantRepository, record: Parameters<typeof dataExportView>[0]) {
  const outbox = await repository.find<OutboxRecord>(outboxType, record.outboxId);
  return dataExportView(record, outbox?.state);
}

/**
 * An admin asks for everything the organisation holds. The export record, its outbox work and
 * the audit record commit together; the queue function does the rest.
 */
export async function requestDataExport(
  deps: ExportRequestDependencies & { readonly ids: IdGenerator; readonly clock: Clock },
  context: TenantContext,
  options: { readonly notify: string | null },
): Promise<DataExportView> {
  // Everything the organisation holds is beyond any facility or division a member is restricted to.
  if (!withinReach(context))
    throw new ForbiddenError('A member restricted to facilities or divisions cannot export everything');
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const id = `data-export-${deps.ids.newId()}`;
  const ticket = await retryOnConflict('The audit log', async () => {
    const transaction = repository.transaction();
    const ticket = stageOutboxWork(transaction, 'data-export', { exportId: id }, `outbox-${id}`);
    const record: DataExport = {
      status: 'requested',
      outboxId: ticket.id,
      notify: options.notify,
      types: null,
      cursor: { typeIndex: 0, continuationToken: null, part: 1 },
      files: [],
      manifest: null,
      startedAt: null,
      finishedAt: null,
    };
    transaction.create(dataExportType, id, record);
    await stageAuditRecord(
      repository,
      transaction,
      context,
      { action: 'data-export.requested', target: { type: 'data-export', id } },
      deps.clock.now(),
    );
    await transaction.commit();
    return ticket;
  });
  await dispatchOutbox(deps.queues, [ticket]);
  return view(repository, await repository.get<DataExport>(dataExportType, id));
}

export async function listDataExports(
  deps: { readonly container: Container; readonly clock: Clock },
  context: TenantContext,
) {
  if (!withinReach(context)) return { items: [] };
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const page = await repository.query<DataExport>(dataExportType, { orderBy: 'c.createdAt DESC', maxItemCount: 50 });
  return { items: await Promise.all(page.items.map((record) => view(repository, record))) };
}

export async function getDataExport(
  deps: { readonly container: Container; readonly clock: Clock },
  context: TenantContext,
  id: string,
) {
  if (!withinReach(context)) throw new NotFoundError(`No data-export with id ${id}`);
  const repository = new TenantRepository(deps.container, context, deps.clock);
  return view(repository, await repository.get<DataExport>(dataExportType, id));
}

/**
 * One file of a finished export, re-verified against its hash by the document store, which
 * audits the download (data exports are a sensitive kind).
 */
export async function readDataExportFile(deps: DocumentDependencies, context: TenantContext, id: string, name: string) {
  if (!withinReach(context)) throw new NotFoundError(`No data-export with id ${id}`);
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const record = await repository.get<DataExport>(dataExportType, id);
  const documentId =
    name === manifestFileName
      ? record.manifest?.documentId
      : record.status === 'completed'
        ? record.files.find((file) => file.name === name)?.documentId
        : undefined;
  if (!documentId) throw new NotFoundError(`Export ${id} has no file ${name}`);
  return readDocumentContent(deps, context, 'data-export', documentId);
}
