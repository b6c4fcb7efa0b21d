import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import type { Settings } from '../config/settings';
import type { CosmosRequestCounter } from './request-counter';

const clients = new Map<string, CosmosClient>();

/**
 * One client per process and endpoint: the SDK keeps connections, routing maps and session
 * tokens per client, so a client per invocation would pay for them on every request.
 * With no key configured (Azure), the managed identity authenticates.
 */
export function cosmosClientFor(
  settings: Pick<Settings, 'COSMOS_ENDPOINT' | 'COSMOS_KEY'>,
  counter?: CosmosRequestCounter,
): CosmosClient {
  const cacheKey = `${settings.COSMOS_ENDPOINT}|${counter ? 'counted' : 'plain'}`;
  let client = clients.get(cacheKey);
  if (!client) {
    const options: CosmosClientOptions = {
      endpoint: settings.COSMOS_ENDPOINT,
      ...(settings.COSMOS_KEY ? { key: settings.COSMOS_KEY } : { aadCredentials: new DefaultAzureCredential() }),
      connectionPolicy: {
        requestTimeout: 10_000,
        retryOptions: { maxRetryAttemptCount: 9, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 30 },
      },
      userAgentSuffix: 'ledgerline',
      ...(counter ? { plugins: [counter.plugin] } : {}),
    };
    client = new CosmosClient(options);
    clients.set(cacheKey, client);
  }
  return client;
}
