import { securityHeaders } from './security-headers';

/** Response headers a cross-origin page may always read (Fetch standard, CORS-safelisted). */
const safelisted = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);

/**
 * The SPA lives on another origin, so its script sees only safelisted response headers unless
 * the response names the others in Access-Control-Expose-Headers. The platform's CORS (site
 * `cors` settings, the host's CORS middleware) sets the allowed origin and credentials but
 * exposes nothing, so the app names its own headers, on every response, whichever host runs it:
 * the idle-timeout warnings, the request id to quote to support, Retry-After, the CSV file name.
 * Only the page on the allowed origin can read any of them; to everyone else CORS still says no.
 */
export function exposeAppHeaders(headers: Record<string, string>): Record<string, string> {
  const exposed = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => !safelisted.has(name) && !(name in securityHeaders) && name !== 'set-cookie')
    .sort();
  return exposed.length > 0 ? { ...headers, 'access-control-expose-headers': exposed.join(', ') } : headers;
}
