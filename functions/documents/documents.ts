import { kindRule, routedKinds, uploadKinds } from '../../shared/platform/documents/document-kinds';
import { documentDependencies } from '../../shared/platform/documents/document-record';
import { getDocument, listDocuments, readDocumentContent } from '../../shared/platform/documents/document-reads';
import { documentDownload } from '../../shared/platform/documents/document-response';
import { uploadDocument } from '../../shared/platform/documents/document-store';
import {
  documentContent,
  documentIdParams,
  documentListQuery,
  documentPage,
  documentView,
  uploadQuery,
} from '../../shared/platform/documents/schemas';
import { defineRoute, rawBody } from '../../shared/platform/http/route';

// One set of routes per kind, so each declares the permission of the resource that owns it.

for (const kind of uploadKinds) {
  const rule = kindRule(kind).upload!;
  defineRoute({
    name: `documents-${kind}-upload`,
    method: 'POST',
    route: `documents/${kind}`,
    access: { resource: kindRule(kind).resource, level: rule.level },
    body: rawBody,
    maxBodyBytes: rule.maxBytes,
    query: uploadQuery,
    response: { 201: documentView },
    handler: async ({ services, tenant }, { body, query }) => {
      const document = await uploadDocument(documentDependencies(services), tenant, kind, {
        declaredType: body.contentType,
        filename: query.filename,
        chunks: body.chunks,
      });
      return { status: 201, body: document, headers: { location: `/api/documents/${kind}/${document.id}` } };
    },
  });
}

for (const kind of routedKinds) {
  const access = { resource: kindRule(kind).resource, level: kindRule(kind).readLevel };
  defineRoute({
    name: `documents-${kind}-list`,
    method: 'GET',
    route: `documents/${kind}`,
    access,
    query: documentListQuery,
    response: documentPage,
    handler: async ({ services, tenant }, { query }) => ({
      status: 200,
      body: await listDocuments(documentDependencies(services), tenant, kind, query),
    }),
  });

  defineRoute({
    name: `documents-${kind}-get`,
    method: 'GET',
    route: `documents/${kind}/{id}`,
    access,
    params: documentIdParams,
    response: documentView,
    handler: async ({ services, tenant }, { params }) => ({
      status: 200,
      body: await getDocument(documentDependencies(services), tenant, kind, params.id),
    }),
  });

  defineRoute({
    name: `documents-${kind}-content`,
    method: 'GET',
    route: `documents/${kind}/{id}/content`,
    access,
    params: documentIdParams,
    response: { 200: documentContent(kind) },
    handler: async ({ services, tenant }, { params }) =>
      documentDownload(await readDocumentContent(documentDependencies(services), tenant, kind, params.id)),
  });
}
