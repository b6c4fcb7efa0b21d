import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { ConfigurationError } from './configuration-error';
import type { Settings } from './settings';

/**
 * The app's secrets. Each is a key ring: a primary key used for new work and older keys kept
 * for reading what they protected, so keys rotate without downtime.
 *
 * Field-encryption rings (`FIELD_KEYS_GENERAL`, `FIELD_KEYS_SENSITIVE`), JSON:
 *   {"primary":"2026-11","keys":{"2026-11":"<base64 of 32 random bytes>","2026-05":"<...>"}}
 * Token-signing ring (`TOKEN_SIGNING_KEYS`), JSON, keys are PKCS#8 PEM Ed25519 private keys:
 *   {"primary":"2026-11","keys":{"2026-11":"<PKCS#8 PEM text of the private key>"}}
 * In Key Vault the same JSON is stored under the names in `secretNames`.
 * Postmark (`POSTMARK_SERVER_TOKEN`): the server's API token as Postmark shows it.
 * Its bounce webhook's HTTP Basic credentials (`POSTMARK_WEBHOOK_CREDENTIALS`): `username:password`,
 *   the same text as in the webhook URL configured at Postmark; the password at least 24 characters.
 * Anthropic (`ANTHROPIC_API_KEY`): the API key the tax-classification step sends as `x-api-key`.
 * Bank-account fingerprints (`BANK_FINGERPRINT_KEYS`): a ring like the field rings (32-byte keys);
 *   HMAC keys that let a purged account be recognised when it is entered again, without keeping it.
 */
export interface KeyRing {
  readonly primary: string;
  readonly keys: Readonly<Record<string, Buffer>>;
}

export interface SigningKeyRing {
  readonly primary: string;
  readonly keys: Readonly<Record<string, string>>;
}

export interface Secrets {
  readonly fieldKeysGeneral: KeyRing;
  readonly fieldKeysSensitive: KeyRing;
  readonly bankFingerprintKeys: KeyRing;
  readonly tokenSigningKeys: SigningKeyRing;
  readonly postmarkServerToken: string;
  readonly postmarkWebhook: BasicCredentials;
  readonly anthropicApiKey: string;
  /** Present only where Google sign-in is configured with a confidential client. */
  readonly googleClientSecret?: string;
  /** The Entra app registration's client secret, where Entra sign-in is configured. */
  readonly entraClientSecret?: string;
}

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

export const secretSettingNames = [
  'FIELD_KEYS_GENERAL',
  'FIELD_KEYS_SENSITIVE',
  'BANK_FINGERPRINT_KEYS',
  'TOKEN_SIGNING_KEYS',
  'POSTMARK_SERVER_TOKEN',
  'POSTMARK_WEBHOOK_CREDENTIALS',
  'ANTHROPIC_API_KEY',
] as const;
export type SecretSettingName = (typeof secretSettingNames)[number];
/** Secrets a deployment may go without (the feature they serve is then off). */
export const optionalSecretSettingNames = ['GOOGLE_CLIENT_SECRET', 'ENTRA_CLIENT_SECRET'] as const;
type OptionalSecretSettingName = (typeof optionalSecretSettingNames)[number];

export const secretNames: Record<SecretSettingName | OptionalSecretSettingName, string> = {
  FIELD_KEYS_GENERAL: 'field-keys-general',
  FIELD_KEYS_SENSITIVE: 'field-keys-sensitive',
  BANK_FINGERPRINT_KEYS: 'bank-fingerprint-keys',
  TOKEN_SIGNING_KEYS: 'token-signing-keys',
  POSTMARK_SERVER_TOKEN: 'postmark-server-token',
  POSTMARK_WEBHOOK_CREDENTIALS: 'postmark-webhook-credentials',
  ANTHROPIC_API_KEY: 'anthropic-api-key',
  GOOGLE_CLIENT_SECRET: 'google-client-secret',
  ENTRA_CLIENT_SECRET: 'entra-client-secret',
};

const kid = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'key ids are 1-64 letters, digits, ".", "_" or "-"');
const ringShape = z.object({ primary: kid, keys: z.record(kid, z.string().min(1)) });

/** Fetches one secret by its Key Vault name; undefined when it does not exist. */
export type SecretSource = (name: string) => Promise<string | undefined>;

function parseRing(name: SecretSettingName, raw: string | undefined): z.infer<typeof ringShape> {
  if (raw === undefined || raw.trim() === '') throw new ConfigurationError([`secret ${name} is missing`]);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigurationError([`secret ${name} is not valid JSON`]);
  }
  const ring = ringShape.safeParse(json);
  if (!ring.success) {
    throw new ConfigurationError([
      `secret ${name} is malformed: ${ring.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    ]);
  }
  if (!(ring.data.primary in ring.data.keys)) {
    throw new ConfigurationError([`secret ${name} names primary key "${ring.data.primary}" but has no such key`]);
  }
  return ring.data;
}

export function parseFieldKeyRing(name: SecretSettingName, raw: string | undefined): KeyRing {
  const ring = parseRing(name, raw);
  const keys: Record<string, Buffer> = {};
  for (const [id, encoded] of Object.entries(ring.keys)) {
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length !== 32 || bytes.toString('base64') !== encoded.replace(/\s/g, '')) {
      throw new ConfigurationError([`secret ${name} key "${id}" must be base64 of exactly 32 bytes`]);
    }
    keys[id] = bytes;
  }
  return { primary: ring.primary, keys };
}

export function parseSigningKeyRing(name: SecretSettingName, raw: string | undefined): SigningKeyRing {
  const ring = parseRing(name, raw);
  for (const [id, pem] of Object.entries(ring.keys)) {
    let type: string | undefined;
    try {
      type = createPrivateKey(pem).asymmetricKeyType;
    } catch {
      throw new ConfigurationError([`secret ${name} key "${id}" is not a PEM private key`]);
    }
    if (type !== 'ed25519') throw new ConfigurationError([`secret ${name} key "${id}" must be an Ed25519 key`]);
  }
  return { primary: ring.primary, keys: ring.keys };
}

export function parseServerToken(raw: string | undefined): string {
  if (!raw?.trim()) throw new ConfigurationError(['secret POSTMARK_SERVER_TOKEN is missing']);
  if (!/^[A-Za-z0-9-]{8,200}$/.test(raw.trim()))
    throw new ConfigurationError(['secret POSTMARK_SERVER_TOKEN is malformed: letters, digits and dashes only']);
  return raw.trim();
}

export function parseBasicCredentials(raw: string | undefined): BasicCredentials {
  if (!raw?.trim()) throw new ConfigurationError(['secret POSTMARK_WEBHOOK_CREDENTIALS is missing']);
  const match = /^([A-Za-z0-9._-]{1,64}):(\S{24,200})$/.exec(raw.trim());
  if (!match)
    throw new ConfigurationError([
      'secret POSTMARK_WEBHOOK_CREDENTIALS is malformed: username:password, a password of at least 24 characters',
    ]);
  return { username: match[1]!, password: match[2]! };
}

export function parseAnthropicApiKey(raw: string | undefined): string {
  if (!raw?.trim()) throw new ConfigurationError(['secret ANTHROPIC_API_KEY is missing']);
  if (!/^[A-Za-z0-9_-]{20,300}$/.test(raw.trim()))
    throw new ConfigurationError(['secret ANTHROPIC_API_KEY is malformed: letters, digits, "_" and "-" only']);
  return raw.trim();
}

/** Reads and validates every secret, reporting all problems at once. */
export async function readSecrets(source: SecretSource): Promise<Secrets> {
  const raw = Object.fromEntries(
    await Promise.all(secretSettingNames.map(async (name) => [name, await source(secretNames[name])] as const)),
  ) as Record<SecretSettingName, string | undefined>;
  const problems: string[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof ConfigurationError) problems.push(...error.problems);
      else throw error;
      return undefined;
    }
  };
  const fieldKeysGeneral = attempt(() => parseFieldKeyRing('FIELD_KEYS_GENERAL', raw.FIELD_KEYS_GENERAL));
  const fieldKeysSensitive = attempt(() => parseFieldKeyRing('FIELD_KEYS_SENSITIVE', raw.FIELD_KEYS_SENSITIVE));
  const bankFingerprintKeys = attempt(() => parseFieldKeyRing('BANK_FINGERPRINT_KEYS', raw.BANK_FINGERPRINT_KEYS));
  const tokenSigningKeys = attempt(() => parseSigningKeyRing('TOKEN_SIGNING_KEYS', raw.TOKEN_SIGNING_KEYS));
  const postmarkServerToken = attempt(() => parseServerToken(raw.POSTMARK_SERVER_TOKEN));
  const postmarkWebhook = attempt(() => parseBasicCredentials(raw.POSTMARK_WEBHOOK_CREDENTIALS));
  const anthropicApiKey = attempt(() => parseAnthropicApiKey(raw.ANTHROPIC_API_KEY));
  if (
    problems.length > 0 ||
    !fieldKeysGeneral ||
    !fieldKeysSensitive ||
    !bankFingerprintKeys ||
    !tokenSigningKeys ||
    !postmarkServerToken ||
    !postmarkWebhook ||
    !anthropicApiKey
  )
    throw new ConfigurationError(problems);
  const [googleClientSecret, entraClientSecret] = await Promise.all([
    source(secretNames.GOOGLE_CLIENT_SECRET),
    source(secretNames.ENTRA_CLIENT_SECRET),
  ]);
  return {
    fieldKeysGeneral,
    fieldKeysSensitive,
    bankFingerprintKeys,
    tokenSigningKeys,
    postmarkServerToken,
    postmarkWebhook,
    anthropicApiKey,
    ...(googleClientSecret ? { googleClientSecret } : {}),
    ...(entraClientSecret ? { entraClientSecret } : {}),
  };
}

/**
 * Secrets from settings of the same names, outside production without a Key Vault: the local
 * start and the test harness generate them (local/dev-secrets.ts) and hand them over that way.
 */
export function environmentSecretSource(env: NodeJS.ProcessEnv): SecretSource {
  const byVaultName = Object.fromEntries(
    [...secretSettingNames, ...optionalSecretSettingNames].map((name) => [secretNames[name], env[name] || undefined]),
  );
  return async (name) => byVaultName[name];
}

export interface SecretLoadingOptions {
  /** Used when KEY_VAULT_URI is set; tests pass a stand-in-backed source. */
  readonly keyVaultSource?: (vaultUri: string) => SecretSource;
  readonly env?: NodeJS.ProcessEnv;
}

export async function loadSecrets(settings: Settings, options: SecretLoadingOptions = {}): Promise<Secrets> {
  const env = options.env ?? process.env;
  if (settings.KEY_VAULT_URI) {
    const makeSource = options.keyVaultSource ?? (await import('./key-vault-source.js')).keyVaultSecretSource;
    return readSecrets(makeSource(settings.KEY_VAULT_URI));
  }
  if (settings.LEDGERLINE_ENV === 'production') {
    throw new ConfigurationError(['setting KEY_VAULT_URI is missing: production reads its secrets from Key Vault']);
  }
  return readSecrets(environmentSecretSource(env));
}
