import type { TestProject } from 'vitest/node';
import { startAzurite } from '../../local/emulators/azurite';
import { startCosmosEmulator } from '../../local/emulators/cosmos';
import { startOidcProvider } from '../../local/emulators/oidc';

declare module 'vitest' {
  export interface ProvidedContext {
    cosmosEndpoint: string;
    cosmosKey: string;
    storageConnectionString: string;
    oidcIssuerUrl: string;
  }
}

/**
 * One set of emulators for the whole run (starting Azurite takes seconds); suites isolate
 * themselves by database and queue names instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [cosmos, azurite, oidc] = await Promise.all([startCosmosEmulator(), startAzurite(), startOidcProvider()]);
  project.provide('cosmosEndpoint', cosmos.endpoint);
  project.provide('cosmosKey', cosmos.key);
  project.provide('storageConnectionString', azurite.connectionString);
  project.provide('oidcIssuerUrl', oidc.issuerUrl);
  return async () => {
    await Promise.all([cosmos.stop(), azurite.stop(), oidc.stop()]);
  };
}
