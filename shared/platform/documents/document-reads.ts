import { createHash } from 'node:crypto';
import type { TenantContext } from '../actor';
import { appendAuditRecord } from '../audit/audit-log';
import type { Stored } from '../data/stored-document';
import { AppError, NotFoundError } from '../errors';
import { kindRule, type DocumentKind } from './document-kinds';
import {
  blobFor,
  documentType,
  documentView,
  repositoryFor,
  type DocumentDependencies,
  type DocumentRecord,
  type DocumentView,
  withinReach,
} from './document-record';

/** A stored file that no longer matches its recorded hash: withheld, audited, alerted. */
export class DocumentIntegrityError extends AppError {
  readonly status = 500;
  readonly code = 'document-integrity-failed';
}

export async function findDocument(
  deps: DocumentDependencies,
  context: TenantContext,
  kind: DocumentKind,
  id: string,
): Promise<Stored<DocumentRecord> | undefined> {
  if (!withinReach(context)) return undefined;
  const record = await repositoryFor(deps, context).find<DocumentRecord>(documentType, id);
  return record?.kind === kind ? record : undefined;
}

export async function getDocument(
  deps: DocumentDependencies,
  context: TenantContext,
  kind: DocumentKind,
  id: string,
): Promise<DocumentView> {
  const record = await findDocument(deps, context, kind, id);
  if (!record) throw new NotFoundError(`No ${kind} document with id ${id}`);
  return documentView(record);
}

/**
 * A document's bytes, served only after they are re-hashed and match the record: a file
 * changed or replaced in storage is withheld and the attempt audited. Downloads of sensitive
 * kinds are audited too.
 */
export async function readDocumentContent(
  deps: DocumentDependencies,
  context: TenantContext,
  kind: DocumentKind,
  id: string,
): Promise<{ readonly document: DocumentView; readonly bytes: Buffer }> {
  const record = await findDocument(deps, context, kind, id);
  if (!record) throw new NotFoundError(`No ${kind} document with id ${id}`);
  const repository = repositoryFor(deps, context);
  const bytes = await blobFor(deps, kind, record.path).downloadToBuffer();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = { type: 'document', id };
  if (bytes.length !== record.size || sha256 !== record.sha256) {
    await appendAuditRecord(
      repository,
      context,
      { action: 'document.integrity-failed', target, details: { kind, expected: record.sha256, found: sha256 } },
      () => deps.clock.now(),
    );
    throw new DocumentIntegrityError('The stored document no longer matches its recorded hash; it is withheld');
  }
  if (kindRule(kind).auditDownloads) {
    await appendAuditRecord(
      repository,
      context,
      { action: 'document.downloaded', target, details: { kind, sha256 } },
      () => deps.clock.now(),
    );
  }
  return { document: documentView(record), bytes };
}

export interface DocumentPage {
  readonly items: DocumentView[];
  readonly continuationToken?: string;
}

/** Documents of a kind, newest first, optionally only those of one owner. */
export async function listDocuments(
  deps: DocumentDependencies,
  context: TenantContext,
  kind: DocumentKind,
  options: { readonly ownerId?: string; readonly continuationToken?: string; readonly limit?: number } = {},
): Promise<DocumentPage> {
  if (!withinReach(context)) return { items: [] };
  const page = await repositoryFor(deps, context).query<DocumentRecord>(documentType, {
    where: `c.kind = @kind${options.ownerId ? ' AND c.owner.id = @ownerId' : ''}`,
    parameters: [
      { name: '@kind', value: kind },
      ...(options.ownerId ? [{ name: '@ownerId', value: options.ownerId }] : []),
    ],
    orderBy: 'c.createdAt DESC',
    maxItemCount: options.limit ?? 50,
    continuationToken: options.continuationToken,
  });
  return {
    items: page.items.map(documentView),
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  };
}
