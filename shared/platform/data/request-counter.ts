import type { PluginConfig } from '@azure/cosmos';

/**
 * Counts Cosmos round trips and documents returned, at the client. The emulator reports no
 * request charge, so these counts are what benchmarks and cost tests can rely on.
 */
export interface CosmosRequestCounter {
  readonly roundTrips: number;
  readonly documentsRead: number;
  reset(): void;
  readonly plugin: PluginConfig;
}

function documentsIn(result: unknown, operationType: string): number {
  if (!result || typeof result !== 'object') return 0;
  const documents = (result as { Documents?: unknown[] }).Documents;
  // Only query pages count: the query-plan request before a query is not a read of documents
  // (the emulator answers it with the documents themselves, real Cosmos with a plan).
  if (Array.isArray(documents)) return operationType === 'query' ? documents.length : 0;
  if (Array.isArray(result)) return result.filter((r: { resourceBody?: unknown }) => r?.resourceBody).length;
  return 'id' in result ? 1 : 0;
}

export function createRequestCounter(): CosmosRequestCounter {
  let roundTrips = 0;
  let documentsRead = 0;
  return {
    get roundTrips() {
      return roundTrips;
    },
    get documentsRead() {
      return documentsRead;
    },
    reset() {
      roundTrips = 0;
      documentsRead = 0;
    },
    plugin: {
      on: 'request',
      plugin: async (context, _diagnostics, next) => {
        roundTrips += 1;
        const response = await next(context);
        if (String(context.resourceType) === 'docs')
          documentsRead += documentsIn(response.result, String(context.operationType));
        return response;
      },
    },
  };
}
