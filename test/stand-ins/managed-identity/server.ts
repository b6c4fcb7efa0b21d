import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the managed-identity endpoint App Service and Functions give an app
 * (IDENTITY_ENDPOINT, IDENTITY_HEADER; API version 2019-08-01): a GET with the resource and the
 * user-assigned identity's client id, authenticated by the X-IDENTITY-HEADER secret, answers a token.
 */
export interface ManagedIdentityStandIn {
  /** Environment that makes the real ManagedIdentityCredential use this endpoint. */
  readonly env: { readonly IDENTITY_ENDPOINT: string; readonly IDENTITY_HEADER: string };
  readonly token: string;
  readonly requests: Array<{ resource: string | null; clientId: string | null; authenticated: boolean }>;
  stop(): Promise<void>;
}

export async function startManagedIdentityStandIn(): Promise<ManagedIdentityStandIn> {
  const secret = `identity-header-${Math.random().toString(36).slice(2)}`;
  const token = `managed-identity-token-${Math.random().toString(36).slice(2)}`;
  const requests: ManagedIdentityStandIn['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const authenticated = req.headers['x-identity-header'] === secret;
    const resource = url.searchParams.get('resource');
    requests.push({ resource, clientId: url.searchParams.get('client_id'), authenticated });
    res.setHeader('content-type', 'application/json; charset=utf-8');
    if (!authenticated || url.searchParams.get('api-version') !== '2019-08-01' || !resource) {
      res.writeHead(400).end(JSON.stringify({ statusCode: 400, message: 'bad managed identity request' }));
      return;
    }
    res.writeHead(200).end(
      JSON.stringify({
        access_token: token,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource,
        token_type: 'Bearer',
        client_id: url.searchParams.get('client_id'),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: { IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`, IDENTITY_HEADER: secret },
    token,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
