import type { RouteResult } from '../http/route-result';
import type { DocumentView } from './document-record';

/**
 * A download: always an attachment (a browser never renders it in our origin), with the
 * verified SHA-256 as a representation digest (RFC 9530) so the client can check it too.
 */
export function documentDownload(content: { readonly document: DocumentView; readonly bytes: Buffer }): RouteResult {
  const { document, bytes } = content;
  const ascii = document.filename.replace(/[^\x20-\x7e]|"/g, '_');
  return {
    status: 200,
    body: bytes,
    headers: {
      'content-type': document.contentType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(document.filename)}`,
      'repr-digest': `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`,
    },
  };
}
