import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { generate } from 'selfsigned';

/** One telemetry item as the track endpoint receives it (the Application Insights envelope). */
export interface Envelope {
  readonly name: string;
  readonly data?: { readonly baseType?: string; readonly baseData?: Record<string, unknown> };
}

/**
 * A local stand-in for the Application Insights ingestion endpoint, enough for the real Azure
 * Monitor exporter: HTTPS only, `POST /v2.1/track` with a (gzipped) JSON array of envelopes,
 * and, like a resource with local auth disabled, 401 for a batch without the accepted bearer token.
 */
export interface IngestionStandIn {
  /** The connection string that points the SDK here. */
  readonly connectionString: string;
  /** PEM of the stand-in's self-signed certificate, for the client's trusted CAs. */
  readonly certificate: string;
  readonly envelopes: Envelope[];
  /** Every batch seen, with the Authorization header it carried. */
  readonly batches: Array<{ authorization: string | undefined; count: number }>;
  stop(): Promise<void>;
}

export async function startIngestionStandIn(acceptedToken: string): Promise<IngestionStandIn> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const envelopes: Envelope[] = [];
  const batches: IngestionStandIn['batches'] = [];
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !/\/v2(?:\.1)?\/track$/.test(new URL(req.url ?? '/', 'https://x').pathname)) {
        send(404, { itemsReceived: 0, itemsAccepted: 0, errors: [] });
        return;
      }
      const raw = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const items = JSON.parse(text) as Envelope[];
      batches.push({ authorization: req.headers.authorization, count: items.length });
      if (req.headers.authorization !== `Bearer ${acceptedToken}`) {
        send(401, { itemsReceived: items.length, itemsAccepted: 0, errors: [] });
        return;
      }
      envelopes.push(...items);
      send(200, { itemsReceived: items.length, itemsAccepted: items.length, errors: [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=https://127.0.0.1:${port}/`,
    certificate: pems.cert,
    envelopes,
    batches,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
