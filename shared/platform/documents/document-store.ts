import { createHash } from 'node:crypto';
import type { TenantContext } from '../actor';
import { stageAuditRecord } from '../audit/audit-log';
import type { Stored } from '../data/stored-document';
import { retryOnConflict } from '../data/retry';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { BlockBlobWriter } from './block-blob-writer';
import { kindRule, type DocumentKind } from './document-kinds';
import {
  blobFor,
  blobPath,
  repositoryFor,
  documentType,
  documentView,
  safeFilename,
  type DocumentDependencies,
  type DocumentOwner,
  type DocumentRecord,
  type DocumentView,
  withinReach,
} from './document-record';
import { UploadInspector } from './upload-inspection';

export interface UploadInput {
  readonly declaredType: string | undefined;
  readonly filename: string;
  readonly chunks: AsyncIterable<Uint8Array>;
}

/**
 * Stores a member's upload: the kind's allow-list and size limit apply, the bytes decide the
 * type, the hash is computed while the bytes stream to storage, and the metadata record is
 * written with the upload's audit record in one transaction.
 */
export async function uploadDocument(
  deps: DocumentDependencies,
  context: TenantContext,
  kind: DocumentKind,
  input: UploadInput,
): Promise<DocumentView> {
  const rule = kindRule(kind).upload;
  if (!rule) throw new NotFoundError(`${kind} documents are not uploaded`);
  if (!withinReach(context))
    throw new ForbiddenError('A member restricted to facilities or divisions cannot add organisation-wide documents');
  const inspector = new UploadInspector(input.declaredType, rule.contentTypes);
  const id = `document-${deps.ids.newId()}`;
  const path = blobPath(context.tenantId, kind, id);
  const writer = new BlockBlobWriter(blobFor(deps, kind, path));
  for await (const chunk of input.chunks) {
    for (const ready of inspector.accept(chunk)) await writer.write(ready);
  }
  inspector.finish(writer.size);
  const written = await writer.commit(inspector.contentType);
  const record: DocumentRecord = {
    kind,
    container: kindRule(kind).container,
    path,
    contentType: inspector.contentType,
    size: written.size,
    sha256: written.sha256,
    filename: safeFilename(input.filename),
    owner: null,
    origin: 'upload',
  };
  const repository = repositoryFor(deps, context);
  return retryOnConflict('The audit log', async () => {
    const transaction = repository.transaction().create(documentType, id, record, { immutable: true });
    await stageAuditRecord(
      repository,
      transaction,
      context,
      {
        action: 'document.uploaded',
        target: { type: 'document', id },
        details: { kind, sha256: written.sha256, size: written.size },
      },
      deps.clock.now(),
    );
    const [stored] = await transaction.commit();
    return documentView(stored as unknown as Stored<DocumentRecord>);
  });
}

export interface GeneratedDocument {
  readonly kind: DocumentKind;
  /** A stable id makes storing idempotent: a retry finds (or adopts) what an earlier run stored. */
  readonly id?: string;
  readonly contentType: string;
  readonly filename: string;
  readonly owner: DocumentOwner | null;
}

export interface GeneratedDocumentWriter {
  write(chunk: Uint8Array): Promise<void>;
  finish(): Promise<Stored<DocumentRecord>>;
}

/** Streams a document the app generates (a PDF, a report, an export part) into the store. */
export function beginGeneratedDocument(
  deps: DocumentDependencies,
  context: TenantContext,
  document: GeneratedDocument,
): GeneratedDocumentWriter {
  const id = document.id ?? `document-${deps.ids.newId()}`;
  const path = blobPath(context.tenantId, document.kind, id);
  const blob = blobFor(deps, document.kind, path);
  const writer = new BlockBlobWriter(blob);
  return {
    write: (chunk) => writer.write(chunk),
    async finish() {
      const repository = repositoryFor(deps, context);
      let written;
      try {
        written = await writer.commit(document.contentType);
      } catch (error) {
        if (!(error instanceof ConflictError) || !document.id) throw error;
        // An earlier run stored these bytes and stopped before recording them: adopt them as stored.
        const existing = await repository.find<DocumentRecord>(documentType, id);
        if (existing) return existing;
        const bytes = await blob.downloadToBuffer();
        written = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      }
      const record: DocumentRecord = {
        kind: document.kind,
        container: kindRule(document.kind).container,
        path,
        contentType: document.contentType,
        size: written.size,
        sha256: written.sha256,
        filename: safeFilename(document.filename),
        owner: document.owner,
        origin: 'generated',
      };
      try {
        return await repository.create(documentType, id, record, { immutable: true });
      } catch (error) {
        if (error instanceof ConflictError && document.id) return repository.get<DocumentRecord>(documentType, id);
        throw error;
      }
    },
  };
}

export async function storeGeneratedDocument(
  deps: DocumentDependencies,
  context: TenantContext,
  document: GeneratedDocument,
  content: Uint8Array,
): Promise<Stored<DocumentRecord>> {
  const writer = beginGeneratedDocument(deps, context, document);
  await writer.write(content);
  return writer.finish();
}
