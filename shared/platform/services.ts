import type { Container, CosmosClient, Database } from '@azure/cosmos';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { QueueServiceClient } from '@azure/storage-queue';
import type { AccessTokens, OidcClient, SecurityLog } from './auth/identity-ports';
import type { Authenticator } from './auth/principal';
import type { RateLimiter, SessionGuard } from './auth/request-guards';
import type { Clock, IdGenerator } from './clock';
import type { PlatformRepository } from './data/platform-repository';
import type { BasicCredentials } from './config/secrets';
import type { Settings } from './config/settings';
import type { FieldCrypto } from './crypto/field-crypto';
import type { KeyedFingerprints } from './crypto/keyed-fingerprint';
import type { RequestObserver } from './http/request-outcome';
import type { TaxClassifier } from './ai/tax-classifier';
import type { EmailSender } from './email/email-sender';
import type { QueueSender } from './queues/queue-sender';
import type { Logger } from './telemetry/logger';
import type { Telemetry } from './telemetry/telemetry';

/**
 * The one wiring point: everything a handler, queue function or timer may use. Tests build
 * their own with real emulators and pick stand-ins only for the outside world.
 */
export interface Services {
  readonly settings: Settings;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly cosmos: CosmosClient;
  readonly database: Database;
  readonly containers: { readonly tenantData: Container; readonly platform: Container };
  /** The platform container's documents, the only way domains reach them. */
  readonly platformRepository: PlatformRepository;
  readonly queueService: QueueServiceClient;
  /** Sends queue messages under the app's queue names (`QUEUE_PREFIX`). */
  readonly queues: QueueSender;
  /** Email through Postmark (the stand-in locally). */
  readonly emailSender: EmailSender;
  /** What Postmark presents when it calls the bounce webhook (HTTP Basic, from Key Vault). */
  readonly postmarkWebhook: BasicCredentials;
  /** Sales-tax suggestions through Anthropic (the stand-in locally). */
  readonly taxClassifier: TaxClassifier;
  readonly blobService: BlobServiceClient;
  readonly telemetry: Telemetry;
  readonly fieldCrypto: FieldCrypto;
  /** Keyed fingerprints of vendor bank accounts (BANK_FINGERPRINT_KEYS), to recognise one entered again. */
  readonly bankFingerprints: KeyedFingerprints;
  readonly accessTokens: AccessTokens;
  /** Configured sign-in providers; absent ones are off. */
  readonly identityProviders: Partial<Record<'google' | 'entra', OidcClient>>;
  readonly authenticator: Authenticator;
  /** Required, like the two below: a pipeline that skipped a missing guard would fail open. */
  readonly rateLimiter: RateLimiter;
  readonly sessionGuard: SessionGuard;
  /** Records refused credentials and refused access for security review. */
  readonly securityLog: SecurityLog;
  /** Watches how signed-in requests end (the security signals: bursts, probing, new addresses). */
  readonly requestObserver: RequestObserver;
}

const guards = ['authenticator', 'rateLimiter', 'sessionGuard', 'securityLog', 'requestObserver'] as const;

/** The types already require the guards; this stops a cast or a plain-JS caller from leaving one out. */
function withEveryGuard(services: Services): Services {
  const missing = guards.filter((name) => !(services as Partial<Services>)[name]);
  if (missing.length > 0) throw new Error(`services are missing ${missing.join(', ')}: refusing to serve without them`);
  return services;
}

let provider: (() => Promise<Services>) | undefined;
let current: Promise<Services> | undefined;

/** Installs how services are built (the entry file does it once; tests install their own). */
export function provideServices(build: () => Promise<Services>): void {
  provider = build;
  current = undefined;
}

/** The process-wide services, built once on first use and shared by every invocation. */
export function getServices(): Promise<Services> {
  if (!provider) throw new Error('services were not provided: import functions/index first');
  current ??= provider()
    .then(withEveryGuard)
    .catch((error: unknown) => {
      current = undefined;
      throw error;
    });
  return current;
}
