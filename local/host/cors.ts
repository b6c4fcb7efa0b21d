import type { IncomingHttpHeaders } from 'node:http';

/** A site's CORS settings, as `siteConfig.cors` declares them (`func start --cors ... --cors-credentials`). */
export interface CorsSettings {
  readonly allowedOrigins: readonly string[];
  readonly supportCredentials: boolean;
}

/** How the host answers one request's CORS: a preflight it answers itself, or headers it adds to the app's response. */
export interface CorsAnswer {
  readonly preflight: boolean;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Checks the settings once at start. The host's policy compares the Origin header with each
 * configured origin as text, so anything but a bare `scheme://host[:port]` (a path, a trailing
 * slash, a wildcard) would silently match nobody; stop instead, naming the value.
 */
export function corsPolicy(settings: CorsSettings): CorsSettings {
  const allowedOrigins = settings.allowedOrigins.map((origin) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin === 'null' || parsed.origin !== origin.toLowerCase())
      throw new Error(`CORS: "${origin}" is not an origin (scheme://host[:port], nothing after it)`);
    return parsed.origin;
  });
  return { allowedOrigins, supportCredentials: settings.supportCredentials };
}

/** Comma-separated header values as ASP.NET Core reads them: trimmed, empty ones dropped. */
function commaSeparated(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value.join(',') : (value ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * What the Functions host's CORS does with a request (on Flex Consumption it is ASP.NET Core's
 * CorsMiddleware with the policy the host builds from the site's settings: these origins, any
 * method, any header, credentials when enabled; no exposed headers, no max age):
 * - no Origin header: not a CORS request, nothing added;
 * - a preflight (OPTIONS with Access-Control-Request-Method) is answered by the host with 204,
 *   whatever the route, and never reaches the app; an allowed origin gets Allow-Origin (itself),
 *   Allow-Credentials, Allow-Methods (the requested method) and Allow-Headers (the requested ones);
 * - any other request goes to the app, and an allowed origin's response gets Allow-Origin and
 *   Allow-Credentials;
 * - a disallowed origin gets no CORS header at all, so the browser keeps the response from the
 *   page. The request itself still reached the app: refusing it is the app's job.
 * `Vary: Origin` is added only for more than one origin, as ASP.NET Core does.
 */
export function answerCors(
  policy: CorsSettings | undefined,
  method: string,
  headers: IncomingHttpHeaders,
): CorsAnswer | undefined {
  const origin = headers.origin;
  if (!policy || !origin) return undefined;
  const preflight = method === 'OPTIONS' && headers['access-control-request-method'] !== undefined;
  const answer: Record<string, string> = {};
  if (policy.allowedOrigins.includes(origin)) {
    answer['access-control-allow-origin'] = origin;
    if (policy.supportCredentials) answer['access-control-allow-credentials'] = 'true';
    if (preflight) {
      const requestedHeaders = commaSeparated(headers['access-control-request-headers']);
      if (requestedHeaders.length > 0) answer['access-control-allow-headers'] = requestedHeaders.join(',');
      answer['access-control-allow-methods'] = String(headers['access-control-request-method']);
    }
    if (policy.allowedOrigins.length > 1) answer.vary = 'Origin';
  }
  return { preflight, headers: answer };
}
