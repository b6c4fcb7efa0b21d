import type { Container, CosmosClient, Database } from '@azure/cosmos';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { QueueServiceClient } from '@azure/storage-queue';
import type { AccessTokens } from '../identity/access-tokens';
import type { OidcClient } from '../identity/oidc-provider';
import type { SecurityLog } from '../identity/security-log';
import type { Authenticator } from './auth/principal';
import type { RateLimiter, SessionGuard } from './auth/request-guards';
import type { Clock, IdGenerator } from './clock';
import type { Settings } from './config/settings';
import type { FieldCrypto } from './crypto/field-crypto';
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
  readonly queueService: QueueServiceClient;
  readonly blobService: BlobServiceClient;
  readonly telemetry: Telemetry;
  readonly fieldCrypto: FieldCrypto;
  readonly accessTokens: AccessTokens;
  /** Configured sign-in providers; absent ones are off. */
  readonly identityProviders: Partial<Record<'google' | 'entra', OidcClient>>;
  readonly authenticator: Authenticator;
  /** Filled by identity and sessions; absent means no limit is applied yet. */
  readonly rateLimiter?: RateLimiter;
  readonly sessionGuard?: SessionGuard;
  /** Records refused credentials for security review. */
  readonly securityLog?: SecurityLog;
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
  current ??= provider().catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}
