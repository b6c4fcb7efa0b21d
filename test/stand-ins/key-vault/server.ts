import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/**
 * A local stand-in for Azure Key Vault's secrets REST API, enough for the real SecretClient:
 * HTTPS only, the bearer challenge on an unauthenticated first request, GET
 * /secrets/{name}[/{version}], and Key Vault's error body for a missing secret.
 */
export interface KeyVaultStandIn {
  readonly vaultUri: string;
  /** PEM of the stand-in's self-signed certificate, for the client's trusted CAs. */
  readonly certificate: string;
  readonly acceptedToken: string;
  readonly secrets: Map<string, string>;
  /** Every request path seen, with whether it carried the accepted token. */
  readonly requests: Array<{ path: string; authorized: boolean }>;
  stop(): Promise<void>;
}

export async function startKeyVaultStandIn(initial: Record<string, string> = {}): Promise<KeyVaultStandIn> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const acceptedToken = `stand-in-token-${Math.random().toString(36).slice(2)}`;
  const secrets = new Map(Object.entries(initial));
  const requests: KeyVaultStandIn['requests'] = [];

  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const authorized = req.headers.authorization === `Bearer ${acceptedToken}`;
    requests.push({ path: url.pathname, authorized });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (!url.searchParams.get('api-version')) {
      send(400, { error: { code: 'BadParameter', message: 'api-version is required' } });
      return;
    }
    if (!authorized) {
      send(
        401,
        { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } },
        {
          'www-authenticate':
            'Bearer authorization="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000", resource="https://vault.azure.net"',
        },
      );
      return;
    }
    const match = /^\/secrets\/([A-Za-z0-9-]+)(?:\/([A-Za-z0-9]*))?\/?$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) {
      send(400, { error: { code: 'BadParameter', message: 'unsupported request' } });
      return;
    }
    const name = match[1]!;
    const value = secrets.get(name);
    if (value === undefined) {
      send(404, {
        error: { code: 'SecretNotFound', message: `A secret with (name/id) ${name} was not found in this key vault.` },
      });
      return;
    }
    const version = 'f1b2c3d4e5f60718293a4b5c6d7e8f90';
    send(200, {
      value,
      id: `https://localhost:${(server.address() as AddressInfo).port}/secrets/${name}/${version}`,
      attributes: {
        enabled: true,
        created: 1_700_000_000,
        updated: 1_700_000_000,
        recoveryLevel: 'Recoverable+Purgeable',
      },
      tags: {},
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    vaultUri: `https://localhost:${port}`,
    certificate: pems.cert,
    acceptedToken,
    secrets,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
