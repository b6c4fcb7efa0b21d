import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stopServer } from '../stop-server';

/** A one-click sign-in the page offers (the local provider signs in whoever login_hint names). */
export interface SignInExample {
  readonly label: string;
  readonly provider: 'google' | 'entra';
  readonly organization: string;
  readonly loginHint: string;
}

export interface DemoSpaOptions {
  /** The folder holding index.html and app.js (local/spa in the project). */
  readonly folder: string;
  readonly apiUrl: string;
  readonly port?: number;
  readonly host?: string;
  readonly examples?: readonly SignInExample[];
}

export interface DemoSpa {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Serves the demo page on its own origin, the one SPA_URL names: index.html for every path (the
 * API returns refused sign-ins to /sign-in?error=...), app.js, and /config.json telling the page
 * where the API is. The page may talk to its own origin and the API only.
 */
export async function serveDemoSpa(options: DemoSpaOptions): Promise<DemoSpa> {
  const [page, script] = await Promise.all([
    readFile(join(options.folder, 'index.html')),
    readFile(join(options.folder, 'app.js')),
  ]);
  const config = JSON.stringify({ apiUrl: options.apiUrl, examples: options.examples ?? [] });
  const api = new URL(options.apiUrl).origin;
  const policy = `default-src 'none'; script-src 'self'; connect-src 'self' ${api}; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://spa').pathname;
    const [type, body] =
      path === '/app.js'
        ? ['text/javascript; charset=utf-8', script]
        : path === '/config.json'
          ? ['application/json; charset=utf-8', config]
          : ['text/html; charset=utf-8', page];
    res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 200 : 405, {
      'content-type': type,
      'content-security-policy': policy,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'GET' ? body : undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    stop: () => stopServer(server),
  };
}
