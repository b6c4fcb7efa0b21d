import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { DefaultAzureCredential } from '@azure/identity';
import { createAccessTokens } from '../shared/identity/access-tokens';
import { createEntraClient } from '../shared/identity/entra-provider';
import { identityDependencies } from '../shared/identity/identity-dependencies';
import { createOidcClient } from '../shared/identity/oidc-provider';
import { createSecurityLog } from '../shared/identity/security-log';
import { createSessionAuthentication } from '../shared/identity/session-authenticator';
import { createAnthropicTaxClassifier } from '../shared/items/anthropic-tax-classifier';
import { createSecuritySignals } from '../shared/security-signals/security-signals';
import { securitySignalsDependencies } from '../shared/security-signals/security-signals-dependencies';
import { createSharedRateLimiter } from '../shared/platform/auth/shared-rate-limiter';
import { randomIds, systemClock } from '../shared/platform/clock';
import { createPostmarkSender } from '../shared/platform/email/postmark-sender';
import { createQueueSender } from '../shared/platform/queues/queue-sender';
import { loadSecrets, type SecretLoadingOptions, type Secrets } from '../shared/platform/config/secrets';
import type { Settings } from '../shared/platform/config/settings';
import { ConfigurationError } from '../shared/platform/config/configuration-error';
import { fieldCryptoFromSecrets } from '../shared/platform/crypto/field-crypto';
import { createKeyedFingerprints } from '../shared/platform/crypto/keyed-fingerprint';
import { containers } from '../shared/platform/data/containers';
import { cosmosClientFor } from '../shared/platform/data/cosmos-client';
import { PlatformRepository } from '../shared/platform/data/platform-repository';
import type { CosmosRequestCounter } from '../shared/platform/data/request-counter';
import type { Services } from '../shared/platform/services';
import { startTelemetry } from '../shared/platform/telemetry/app-insights';
import { createLogger } from '../shared/platform/telemetry/json-logger';

export interface ServiceOverrides extends Partial<Services> {
  readonly secretLoading?: SecretLoadingOptions;
  readonly requestCounter?: CosmosRequestCounter;
}

/** Storage by connection string locally, by account name and managed identity in Azure. */
function storageClients(settings: Settings): Pick<Services, 'queueService' | 'blobService'> {
  const accountName = settings.AzureWebJobsStorage__accountName;
  if (accountName) {
    const credential = new DefaultAzureCredential();
    return {
      queueService: new QueueServiceClient(`https://${accountName}.queue.core.windows.net`, credential),
      blobService: new BlobServiceClient(`https://${accountName}.blob.core.windows.net`, credential),
    };
  }
  const connectionString = settings.AzureWebJobsStorage!;
  return {
    queueService: QueueServiceClient.fromConnectionString(connectionString),
    blobService: BlobServiceClient.fromConnectionString(connectionString),
  };
}

/** MSAL redeems codes as a confidential client: Entra sign-in without its secret is a misconfiguration. */
function entraClientSecret(secrets: Secrets): string {
  if (!secrets.entraClientSecret)
    throw new ConfigurationError(['secret ENTRA_CLIENT_SECRET is missing: ENTRA_CLIENT_ID turns Entra sign-in on']);
  return secrets.entraClientSecret;
}

/**
 * The one wiring point, the composition root: it sits above the domains (shared/platform imports
 * none of them; identity's implementations of the platform's ports are plugged in here). Secrets are loaded (and validated) first: a missing or malformed key
 * stops the app before any request is served. Tests pass overrides for what they replace.
 */
export async function createServices(settings: Settings, overrides: ServiceOverrides = {}): Promise<Services> {
  const { secretLoading, requestCounter, ...given } = overrides;
  // An override of `undefined` would silently drop a guard; only real replacements count.
  const replacements = Object.fromEntries(
    Object.entries(given).filter(([, value]) => value !== undefined),
  ) as Partial<Services>;
  const secrets: Secrets = await loadSecrets(settings, secretLoading);
  const cosmos = replacements.cosmos ?? cosmosClientFor(settings, requestCounter);
  const database = cosmos.database(settings.COSMOS_DATABASE);
  const tenantData = database.container(containers.tenantData.name);
  const platform = database.container(containers.platform.name);
  const platformRepository = new PlatformRepository(platform);
  const clock = replacements.clock ?? systemClock;
  const ids = replacements.ids ?? randomIds;
  const logger = replacements.logger ?? createLogger({ level: settings.LOG_LEVEL });
  const telemetry = replacements.telemetry ?? startTelemetry(settings);
  const accessTokens = createAccessTokens(secrets.tokenSigningKeys, clock);
  const storage = storageClients(settings);
  const queues = replacements.queues ?? createQueueSender(storage.queueService, settings.QUEUE_PREFIX);
  const identity = identityDependencies({ container: tenantData, platform: platformRepository, clock, ids });
  const sessionAuthentication = createSessionAuthentication(identity, accessTokens);
  return {
    settings,
    clock,
    ids,
    logger,
    telemetry,
    cosmos,
    database,
    containers: { tenantData, platform },
    platformRepository,
    ...storage,
    queues,
    emailSender: createPostmarkSender({
      apiUrl: settings.POSTMARK_API_URL,
      serverToken: secrets.postmarkServerToken,
      from: settings.EMAIL_FROM,
    }),
    postmarkWebhook: secrets.postmarkWebhook,
    taxClassifier: createAnthropicTaxClassifier({
      baseUrl: settings.ANTHROPIC_API_URL,
      apiKey: secrets.anthropicApiKey,
      model: settings.ANTHROPIC_MODEL,
    }),
    authenticator: sessionAuthentication.authenticator,
    sessionGuard: sessionAuthentication.sessionGuard,
    rateLimiter: createSharedRateLimiter(
      platformRepository,
      clock,
      { logger, telemetry },
      {
        global: settings.RATE_LIMIT_GLOBAL_PER_MINUTE,
        authentication: settings.RATE_LIMIT_AUTHENTICATION_PER_MINUTE,
      },
    ),
    fieldCrypto: fieldCryptoFromSecrets(secrets),
    bankFingerprints: createKeyedFingerprints(secrets.bankFingerprintKeys),
    accessTokens,
    securityLog: createSecurityLog({ ...identity, logger, telemetry }),
    requestObserver: createSecuritySignals(
      securitySignalsDependencies({ tenantData, platform: platformRepository, clock, logger, telemetry, queues }),
    ),
    identityProviders: {
      ...(settings.ENTRA_CLIENT_ID
        ? {
            entra: createEntraClient({
              authority: settings.ENTRA_AUTHORITY,
              clientId: settings.ENTRA_CLIENT_ID,
              redirectUri: new URL('/api/auth/callback', settings.PUBLIC_API_URL).toString(),
              clientSecret: entraClientSecret(secrets),
            }),
          }
        : {}),
      ...(settings.GOOGLE_CLIENT_ID
        ? {
            google: createOidcClient({
              issuer: settings.GOOGLE_ISSUER,
              clientId: settings.GOOGLE_CLIENT_ID,
              redirectUri: new URL('/api/auth/callback', settings.PUBLIC_API_URL).toString(),
              ...(secrets.googleClientSecret ? { clientSecret: secrets.googleClientSecret } : {}),
            }),
          }
        : {}),
    },
    ...replacements,
  };
}
