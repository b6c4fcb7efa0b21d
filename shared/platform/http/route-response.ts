import type { HttpResponseInit } from '@azure/functions';
import { exposeAppHeaders } from './exposed-headers';
import type { RouteResult } from './route-result';
import { securityHeaders } from './security-headers';

/** A handler's result (or a problem) as the Functions host sends it: security headers on every answer. */
export function toResponse(result: RouteResult, requestId: string): HttpResponseInit {
  const headers = exposeAppHeaders({ ...securityHeaders, 'x-request-id': requestId, ...(result.headers ?? {}) });
  const cookies = (result.cookies ?? []).map((c) => ({ ...c }));
  if (result.body === undefined) return { status: result.status, headers, cookies };
  if (typeof result.body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return { status: result.status, headers, cookies, body: result.body };
  }
  if (result.body instanceof Uint8Array) {
    headers['content-type'] ??= 'application/octet-stream';
    return { status: result.status, headers, cookies, body: result.body };
  }
  headers['content-type'] ??= 'application/json; charset=utf-8';
  return { status: result.status, headers, cookies, body: JSON.stringify(result.body) };
}
