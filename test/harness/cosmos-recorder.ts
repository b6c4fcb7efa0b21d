import { createServer, request as forward, type Server } from 'node:http';
import { inject } from 'vitest';
import { stopServer } from '../../local/stop-server';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** The request body as sent (a query's text and parameters, a batch's operations); empty for reads. */
  readonly body: string;
  /** The SDK asks for a query's plan before running it: the same body, sent twice. */
  readonly queryPlan: boolean;
}

export interface CosmosRecorder {
  /** Point this app's COSMOS_ENDPOINT here: every request passes through to the run's emulator. */
  readonly endpoint: string;
  /** Requests seen since the last `take`, in order; taking clears the record. */
  take(): RecordedRequest[];
  stop(): Promise<void>;
}

/**
 * A plain HTTP relay in front of the Cosmos emulator that writes down each request's method and
 * path, so a suite can count what the app really asks Cosmos for (a point read of a document is
 * GET .../docs/<id>, a query a POST to .../docs with its text in the body) without touching the app's code. The account document's advertised
 * endpoints are rewritten to the relay, so the SDK's endpoint discovery keeps it on this path.
 */
export async function startCosmosRecorder(): Promise<CosmosRecorder> {
  const target = new URL(inject('cosmosEndpoint'));
  let recorded: RecordedRequest[] = [];
  let relayHost = '';
  const server: Server = createServer((incoming, outgoing) => {
    const record = {
      method: incoming.method ?? 'GET',
      path: decodeURIComponent(incoming.url ?? ''),
      body: '',
      queryPlan: String(incoming.headers['x-ms-cosmos-is-query-plan-request']).toLowerCase() === 'true',
    };
    recorded.push(record);
    incoming.on('data', (chunk: Buffer) => (record.body += chunk.toString()));
    const relay = forward(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        if (incoming.url !== '/') {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        // The account document advertises the endpoints to use next: name the relay there.
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks).toString().split(target.host).join(relayHost);
          const { 'content-length': _length, ...headers } = answer.headers;
          outgoing.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': Buffer.byteLength(body) });
          outgoing.end(body);
        });
      },
    );
    relay.on('error', () => outgoing.destroy());
    incoming.pipe(relay);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  relayHost = `127.0.0.1:${port}`;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    take() {
      const taken = recorded;
      recorded = [];
      return taken;
    },
    stop: () => stopServer(server),
  };
}
