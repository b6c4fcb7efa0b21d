import { z } from 'zod';
import { binaryBody, type MediaTypes } from '../http/responses';
import { pageOf } from '../http/schema-parts';
import { prefixedId, recordId } from '../ids';
import { allDocumentKinds, kindRule, type DocumentKind } from './document-kinds';

export const documentIdParams = z.object({ id: prefixedId('document', 'a document id') });
export const uploadQuery = z.object({ filename: z.string().trim().min(1).max(200) });
export const documentListQuery = z.object({
  ownerId: recordId.optional(),
  continuationToken: z.string().max(4000).optional(),
});

/** What the document routes send; nothing else of a record (its blob path, container) leaves. */
export const documentView = z
  .object({
    id: z.string(),
    kind: z.enum(allDocumentKinds),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    owner: z.object({ type: z.string(), id: z.string() }).nullable(),
    origin: z.enum(['upload', 'generated']),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Document' });

export const documentPage = pageOf(documentView);

/** A download answers in whichever of its kind's media types the document has. */
export function documentContent(kind: DocumentKind): MediaTypes {
  return Object.fromEntries(kindRule(kind).contentTypes.map((type) => [type, binaryBody]));
}
