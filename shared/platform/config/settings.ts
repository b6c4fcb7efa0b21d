import { z } from 'zod';

/**
 * Every plain (non-secret) setting the app reads, validated once at load. Secrets are not
 * here: they come from Key Vault (or generated development values) through secrets.ts.
 * `local.settings.example.json` must list exactly these keys plus the secret ones (a test checks).
 */
export const settingsSchema = z.object({
  LEDGERLINE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Cosmos DB account endpoint; the local emulator speaks plain HTTP. */
  COSMOS_ENDPOINT: z.url(),
  /** Account key for the emulator; absent in Azure, where the managed identity is used. */
  COSMOS_KEY: z.string().min(1).optional(),
  COSMOS_DATABASE: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,255}$/, 'letters, digits and dashes only')
    .default('ledgerline'),
  /** Storage for queues and blobs by connection string (local emulator). */
  AzureWebJobsStorage: z.string().min(1).optional(),
  /** Storage by account name and managed identity (Azure); the Functions host reads the same setting. */
  AzureWebJobsStorage__accountName: z
    .string()
    .regex(/^[a-z0-9]{3,24}$/, 'a storage account name')
    .optional(),
  /** When set, secrets are read from this vault with DefaultAzureCredential. */
  KEY_VAULT_URI: z.url().optional(),
  /** Development only: where generated development secrets are kept between runs. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),
  /**
   * `Authorization=AAD;ClientId=<managed identity client id>`: telemetry is sent with the managed
   * identity (Application Insights with local auth disabled refuses the key alone). The Functions
   * host reads the same setting for its own telemetry.
   */
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: z
    .string()
    .regex(
      /^(?:Authorization=AAD(?:;ClientId=[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})?|ClientId=[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12};Authorization=AAD)$/,
      "'Authorization=AAD' with an optional ';ClientId=<managed identity client id>'",
    )
    .optional(),
  HTTP_MAX_BODY_BYTES: z.coerce.number().int().positive().max(10_485_760).default(1_048_576),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Where this API is reached from browsers: sign-in callbacks come back to it. */
  PUBLIC_API_URL: z.url().default('http://localhost:7071'),
  /** Google Workspace sign-in: the OAuth client id (sign-in with Google is off without it). */
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  /** Google's OpenID issuer; locally the local provider stands in for it. */
  GOOGLE_ISSUER: z.url().default('https://accounts.google.com'),
  /** Microsoft Entra ID sign-in: the app registration's client id (off without it). */
  ENTRA_CLIENT_ID: z.string().min(1).optional(),
  /** Multi-tenant authority; each organisation lists the Entra tenants it accepts. */
  ENTRA_AUTHORITY: z.url().default('https://login.microsoftonline.com/organizations'),
  /** Entra tenants of the platform's own staff; operators sign in from these only (comma-separated ids). */
  OPERATOR_ENTRA_TENANT_IDS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim().toLowerCase())
        .filter(Boolean),
    )
    .default([]),
  /** The single-page app's origin: sign-in returns there, and cookie-bearing requests must come from it. */
  SPA_URL: z.url().default('http://localhost:5173'),
  /**
   * The Azure Front Door profile's id (its `X-Azure-FDID`). When set, a request carrying this id
   * came through our Front Door and its client address is the one Front Door saw (`X-Azure-SocketIP`);
   * any other request's address is the peer the platform saw. Unset locally.
   */
  FRONT_DOOR_ID: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'a GUID, the Front Door profile id')
    .optional(),
  /** Requests per client IP per minute, shared across instances. */
  RATE_LIMIT_GLOBAL_PER_MINUTE: z.coerce.number().int().positive().default(100),
  /** Requests per client per minute on sign-in and token endpoints. */
  RATE_LIMIT_AUTHENTICATION_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** Postmark's API, reached with the official client; locally the stand-in `npm start` runs. */
  POSTMARK_API_URL: z.url().default('https://api.postmarkapp.com'),
  /** The sender of every email: an address with a confirmed Postmark sender signature. */
  EMAIL_FROM: z
    .string()
    .regex(/^[^<>@\s]*(?: ?<[^<>@\s]+@[^<>@\s]+>)?$|^[^<>@\s]+@[^<>@\s]+$/, 'an address, or Name <address>')
    .default('Ledgerline <no-reply@ledgerline.example>'),
  /** Anthropic's API, reached with the official client; locally the stand-in `npm start` runs. */
  ANTHROPIC_API_URL: z.url().default('https://api.anthropic.com'),
  /**
   * The model that suggests sales-tax codes: a dated snapshot, never an alias, so a suggestion's
   * `model` names exactly what answered and an upgrade is a deliberate change of this setting.
   * Haiku 4.5 (2025-10-01): a small closed choice needs no larger model, and the client we ship
   * (@anthropic-ai/sdk 1.13.0) lists it as a dated snapshot not deprecated, unlike Sonnet 4.5's
   * claude-sonnet-4-5-20250929 (end of life 2026-11-30); the newer models it lists have no dated id.
   */
  ANTHROPIC_MODEL: z
    .string()
    .regex(/^claude-[a-z0-9-]+-\d{8}$/, 'a dated model snapshot such as claude-haiku-4-5-20251001')
    .default('claude-haiku-4-5-20251001'),
  /** The platform switch of the AI step: `false` and no item's name or description leaves for Anthropic. */
  AI_CLASSIFICATION_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Classification calls per organisation per minute, shared across instances. */
  AI_CLASSIFICATION_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /**
   * Put before every queue name the app sends to and listens on (empty in Azure), so several apps
   * can share one storage account's queues: each test suite runs its own.
   */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,28}-)?$|^$/, 'lowercase letters, digits and dashes, ending with a dash')
    .default(''),
});

/** Production telemetry goes to a resource that refuses keys: without the identity it would be lost. */
const telemetryAuthenticated = (s: z.output<typeof settingsSchema>) =>
  s.LEDGERLINE_ENV !== 'production' ||
  s.APPLICATIONINSIGHTS_CONNECTION_STRING === undefined ||
  s.APPLICATIONINSIGHTS_AUTHENTICATION_STRING !== undefined;

/** Exactly one way to reach storage must be configured. */
export const validatedSettingsSchema = settingsSchema
  .refine((s) => (s.AzureWebJobsStorage === undefined) !== (s.AzureWebJobsStorage__accountName === undefined), {
    path: ['AzureWebJobsStorage'],
    message: 'set either AzureWebJobsStorage or AzureWebJobsStorage__accountName, not both',
  })
  .refine(telemetryAuthenticated, {
    path: ['APPLICATIONINSIGHTS_AUTHENTICATION_STRING'],
    message: 'is required in production with APPLICATIONINSIGHTS_CONNECTION_STRING (Application Insights refuses keys)',
  });

export type Settings = z.infer<typeof settingsSchema>;
export type SettingName = keyof z.input<typeof settingsSchema>;
