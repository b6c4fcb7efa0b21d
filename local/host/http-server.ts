import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { answerCors, type CorsSettings } from './cors';
import type { AppRegistry, RegisteredFunction, RpcHttpCookie, RpcHttpData, RpcTypedData } from './functions-core';
import { invoke } from './invoke';
import { RouteTemplate } from './route-table';

const anyMethod = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** The real host refuses request bodies above ~100 MB before the app sees them. */
const hostBodyLimitBytes = 100 * 1024 * 1024;

interface HttpRoute {
  readonly fn: RegisteredFunction;
  readonly template: RouteTemplate;
  readonly methods: readonly string[];
}

export interface HttpServerOptions {
  readonly routePrefix: string;
  /** The site's CORS settings; without them the host answers no CORS, like Core Tools without --cors. */
  readonly cors?: CorsSettings;
  readonly onAdminRequest?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
  readonly log?: (line: string) => void;
}

function httpRoutes(registry: AppRegistry): HttpRoute[] {
  return [...registry.functions.values()]
    .filter((fn) => fn.trigger.type === 'httpTrigger')
    .map((fn) => {
      let template: RouteTemplate;
      try {
        template = new RouteTemplate(String((fn.trigger.route as string | undefined) ?? fn.metadata.name));
      } catch (error) {
        throw new Error(
          `HTTP function ${fn.metadata.name}: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        );
      }
      // The library always declares methods; a binding without them accepts every method, as in the host.
      const methods = (fn.trigger.methods as string[] | undefined)?.map((m) => m.toUpperCase()) ?? anyMethod;
      return { fn, template, methods };
    })
    .sort((a, b) => b.template.specificity - a.template.specificity);
}

export function sendProblem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

/** The body, or undefined once it passes the host's limit (the rest is left unread). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > hostBodyLimitBytes) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > hostBodyLimitBytes) {
        req.off('data', onData);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // Azure's front end appends the address and port it saw to X-Forwarded-For; do the same so
  // the app's client-IP logic meets what it meets in production.
  const seen = clientEndpoint(req);
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${seen}` : seen;
  return headers;
}

/** "1.2.3.4:5678" or "[2001:db8::1]:5678", IPv4 addresses unwrapped from IPv6-mapped form. */
function clientEndpoint(req: IncomingMessage): string {
  const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  const port = req.socket.remotePort ?? 0;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Repeated query keys arrive comma-joined, as the host's query dictionary gives them. */
function queryRecord(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
  return query;
}

export function serializeCookie(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name}=${cookie.value}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  const seconds = cookie.expires?.value?.seconds;
  if (seconds !== undefined) parts.push(`Expires=${new Date(Number(seconds) * 1000).toUTCString()}`);
  if (cookie.maxAge?.value !== undefined) parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push('Secure');
  if (cookie.httpOnly?.value) parts.push('HttpOnly');
  const sameSite = { lax: 'Lax', strict: 'Strict', explicitNone: 'None', none: undefined }[cookie.sameSite ?? 'none'];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}

function bodyBytes(body: RpcTypedData | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  if (body.bytes) return Buffer.from(body.bytes);
  if (body.string !== undefined) return Buffer.from(body.string);
  if (body.json !== undefined) return Buffer.from(body.json);
  return Buffer.alloc(0);
}

/** The host's CORS headers replace any the app set under the same names, as the middleware's do. */
function writeResponse(
  res: ServerResponse,
  http: RpcHttpData | undefined,
  corsHeaders: Readonly<Record<string, string>>,
): number {
  const status = Number(http?.statusCode ?? 200) || 200;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(http?.headers ?? {})) {
    if (!(name.toLowerCase() in corsHeaders)) headers[name] = value;
  }
  Object.assign(headers, corsHeaders);
  const cookies = (http?.cookies ?? []).map(serializeCookie);
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(status, headers);
  res.end(bodyBytes(http?.body));
  return status;
}

export function createHttpServer(registry: AppRegistry, options: HttpServerOptions): Server {
  const routes = httpRoutes(registry);
  const prefix = options.routePrefix ? `/${options.routePrefix}` : '';
  const log = options.log ?? ((line: string) => console.log(line));

  return createServer((req, res) => {
    const started = performance.now();
    const took = () => `${(performance.now() - started).toFixed(1)}ms`;
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    let name: string | undefined;
    const method = (req.method ?? 'GET').toUpperCase();
    const cors = answerCors(options.cors, method, req.headers);
    // The host's own answers (404, 405, 413, 500) carry them too: the middleware runs before routing.
    for (const [header, value] of Object.entries(cors?.headers ?? {})) res.setHeader(header, value);
    void (async () => {
      if (cors?.preflight) {
        res.writeHead(204);
        res.end();
        log(
          `host CORS preflight ${url.pathname} from ${req.headers.origin} 204${cors.headers['access-control-allow-origin'] ? '' : ' (origin not allowed)'} ${took()}`,
        );
        return;
      }
      if (
        options.onAdminRequest &&
        url.pathname.startsWith('/admin/') &&
        (await options.onAdminRequest(req, res, url.pathname))
      )
        return;
      const path =
        prefix && url.pathname.toLowerCase().startsWith(`${prefix}/`)
          ? url.pathname.slice(prefix.length)
          : prefix
            ? undefined
            : url.pathname;
      const matches =
        path === undefined
          ? []
          : routes.map((route) => ({ route, match: route.template.match(path) })).filter((m) => m.match);
      if (matches.length === 0) {
        sendProblem(res, 404, 'Not Found', `No route matches ${url.pathname}`);
        return;
      }
      const found = matches.find((m) => m.route.methods.includes(method));
      if (!found) {
        const allowed = [...new Set(matches.flatMap((m) => m.route.methods))].sort();
        sendProblem(res, 405, 'Method Not Allowed', `${method} is not allowed on ${url.pathname}`, {
          allow: allowed.join(', '),
        });
        return;
      }
      const body = await readBody(req);
      if (body === undefined) {
        sendProblem(res, 413, 'Payload Too Large', 'The request body is larger than the host accepts', {
          connection: 'close',
        });
        log(`${found.route.fn.metadata.name} ${method} ${url.pathname} 413 (over the host's body limit) ${took()}`);
        return;
      }
      const http: RpcHttpData = {
        method,
        url: url.toString(),
        headers: headerRecord(req),
        query: queryRecord(url),
        params: found.match!.params,
        body: { bytes: body },
      };
      name = found.route.fn.metadata.name;
      const response = await invoke(registry, found.route.fn, { http });
      const status = writeResponse(res, response.returnValue?.http, cors?.headers ?? {});
      log(`${name} ${method} ${url.pathname} ${status} ${took()}`);
    })().catch((error: unknown) => {
      // The app's own pipeline maps its errors; reaching here means the function threw past it,
      // or the host or the library failed. The real host answers 500 without details too.
      log(
        `${name ?? 'host'} ${req.method} ${url.pathname} 500 ${took()}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent) sendProblem(res, 500, 'Internal Server Error', 'The function failed');
      else res.end();
    });
  });
}
