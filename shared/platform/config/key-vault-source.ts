import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import type { SecretSource } from './secrets';

/**
 * Secrets from Key Vault with the app's managed identity (DefaultAzureCredential picks it up
 * in Azure; AZURE_CLIENT_ID selects the user-assigned one). A missing secret is undefined so
 * the caller can name it; any other failure propagates and stops the start.
 */
export function keyVaultSecretSource(
  vaultUri: string,
  credential: TokenCredential = new DefaultAzureCredential(),
  clientOptions: SecretClientOptions = {},
): SecretSource {
  const client = new SecretClient(vaultUri, credential, clientOptions);
  return async (name) => {
    try {
      return (await client.getSecret(name)).value;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  };
}
