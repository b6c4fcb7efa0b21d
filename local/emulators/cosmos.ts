import './atomic-batch';
import './partition-queries';
import './plain-http-endpoints';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { stopServer } from '../stop-server';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createHttpServer } = require('@vercel/cosmosdb-server') as {
  createHttpServer: (options?: { keepAlive?: boolean }) => Server;
};

export interface CosmosEmulator {
  readonly endpoint: string;
  /** The emulator accepts any key; a random one keeps real-looking keys out of the repo. */
  readonly key: string;
  stop(): Promise<void>;
}

/**
 * Benchmarks only: every request waits before the emulator sees it, as if the database were a
 * network hop away (real Cosmos answers in milliseconds, the in-process emulator in microseconds).
 */
function delayEveryRequest(server: Server, ms: number): void {
  const handlers = server.listeners('request') as Array<(...args: unknown[]) => void>;
  server.removeAllListeners('request');
  server.on('request', (request, response) => {
    setTimeout(() => handlers.forEach((handle) => handle.call(server, request, response)), ms);
  });
}

/**
 * Starts @vercel/cosmosdb-server over plain HTTP with atomic transactional batches (see
 * atomic-batch.ts). Data lives in memory only: it is gone when the process stops.
 */
export function startCosmosEmulator(
  options: { port?: number; host?: string; latencyMs?: number } = {},
): Promise<CosmosEmulator> {
  const host = options.host ?? '127.0.0.1';
  const server = createHttpServer({ keepAlive: true });
  // Node closes a connection idle for 5 s by default; a client sending on it at that moment gets
  // "socket hang up" (ECONNRESET), which the SDK does not retry. Clients hold their sockets longer.
  server.keepAliveTimeout = 10 * 60_000;
  if (options.latencyMs) delayEveryRequest(server, options.latencyMs);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        endpoint: `http://${host}:${port}`,
        key: randomBytes(64).toString('base64'),
        stop: () => stopServer(server),
      });
    });
  });
}
