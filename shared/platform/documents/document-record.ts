import type { BlobServiceClient } from '@azure/storage-blob';
import type { Container } from '@azure/cosmos';
import type { Clock, IdGenerator } from '../clock';
import type { TenantContext } from '../actor';
import { withinRestrictions } from '../auth/restrictions';
import type { Stored } from '../data/stored-document';
import { TenantRepository } from '../data/tenant-repository';
import type { Services } from '../services';
import { kindRule, type DocumentKind } from './document-kinds';

export const documentType = 'document';

/** What a document belongs to (a bill, a closed period, an export), for finding it again. */
export interface DocumentOwner {
  readonly type: string;
  readonly id: string;
}

/**
 * The metadata record of a stored file, in the organisation's partition; who stored it and
 * when are the data layer's `createdBy`/`createdAt`. Written once and never changed.
 */
export interface DocumentRecord {
  readonly kind: DocumentKind;
  readonly container: string;
  readonly path: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly filename: string;
  readonly owner: DocumentOwner | null;
  readonly origin: 'upload' | 'generated';
}

export interface DocumentView {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly owner: DocumentOwner | null;
  readonly origin: 'upload' | 'generated';
  readonly createdBy: string;
  readonly createdAt: string;
}

export function documentView(record: Stored<DocumentRecord>): DocumentView {
  const { id, kind, filename, contentType, size, sha256, owner, origin, createdBy, createdAt } = record;
  return { id, kind, filename, contentType, size, sha256, owner, origin, createdBy, createdAt };
}

export interface DocumentDependencies {
  readonly container: Container;
  readonly blobs: BlobServiceClient;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/**
 * Documents carry no facility or division yet, so each belongs to the whole organisation and,
 * like every untagged record (../auth/restrictions.ts), is out of a restricted member's reach:
 * a period report's figures are the whole organisation's.
 */
export function withinReach(context: TenantContext): boolean {
  return withinRestrictions(context.restrictions, {});
}

export function documentDependencies(
  services: Pick<Services, 'containers' | 'blobService' | 'clock' | 'ids'>,
): DocumentDependencies {
  return {
    container: services.containers.tenantData,
    blobs: services.blobService,
    clock: services.clock,
    ids: services.ids,
  };
}

/** Where a document's bytes live: the organisation first, then the kind, then our own id. */
export function blobPath(tenantId: string, kind: DocumentKind, documentId: string): string {
  return `${tenantId}/${kind}/${documentId}`;
}

/** A file name safe to keep and to send back in Content-Disposition: no paths, quotes or controls. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? '';
  const cleaned = base.replace(/[^\p{L}\p{N} ._()-]/gu, '_').trim();
  return cleaned.slice(0, 120) || 'document';
}

export const repositoryFor = (deps: DocumentDependencies, context: TenantContext) =>
  new TenantRepository(deps.container, context, deps.clock);

export function blobFor(deps: DocumentDependencies, kind: DocumentKind, path: string) {
  return deps.blobs.getContainerClient(kindRule(kind).container).getBlockBlobClient(path);
}
