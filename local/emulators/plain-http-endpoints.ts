/**
 * @vercel/cosmosdb-server advertises https:// account endpoints even when it serves plain HTTP,
 * and the Cosmos SDK's endpoint discovery then switches to TLS and fails. Rewriting the
 * advertised locations to the scheme actually served keeps the real client code unchanged.
 * Installed before the emulator's route table is built (see atomic-batch.ts for why).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
type Handler = (...args: unknown[]) => unknown;

interface Location {
  databaseAccountEndpoint?: string;
}

const metaModule = require('@vercel/cosmosdb-server/lib/handler/read-meta') as { default: Handler };
const original = metaModule.default;

function toHttp(locations: unknown): unknown {
  if (!Array.isArray(locations)) return locations;
  return (locations as Location[]).map((location) => ({
    ...location,
    databaseAccountEndpoint: location.databaseAccountEndpoint?.replace(/^https:/, 'http:'),
  }));
}

metaModule.default = async (...args: unknown[]) => {
  const meta = (await original(...args)) as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== 'object') return meta;
  return {
    ...meta,
    writableLocations: toHttp(meta.writableLocations),
    readableLocations: toHttp(meta.readableLocations),
  };
};

export const plainHttpEndpointsInstalled = true;
