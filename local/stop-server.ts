import type { Server } from 'node:http';

/** Stops a local HTTP server now: open keep-alive connections would otherwise hold `close` open. */
export function stopServer(server: Server): Promise<void> {
  return new Promise<void>((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });
}
