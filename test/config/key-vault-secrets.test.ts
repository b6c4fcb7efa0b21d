import type { TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../shared/platform/config/configuration-error';
import { keyVaultSecretSource } from '../../shared/platform/config/key-vault-source';
import { loadSettings } from '../../shared/platform/config/load-settings';
import { loadSecrets, secretNames } from '../../shared/platform/config/secrets';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { startKeyVaultStandIn, type KeyVaultStandIn } from '../stand-ins/key-vault/server';

describe('secrets from Key Vault', () => {
  let vault: KeyVaultStandIn;
  const values = generateDevelopmentSecrets();

  beforeAll(async () => {
    vault = await startKeyVaultStandIn();
  });
  afterAll(async () => {
    await vault.stop();
  });

  function settings() {
    return loadSettings({
      LEDGERLINE_ENV: 'production',
      COSMOS_ENDPOINT: 'https://ledgerline.documents.azure.com:443/',
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      KEY_VAULT_URI: vault.vaultUri,
    });
  }

  function load() {
    const credential: TokenCredential = {
      getToken: async () => ({ token: vault.acceptedToken, expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    // The real SecretClient runs; only trust of the stand-in's certificate and its host name differ.
    return loadSecrets(settings(), {
      keyVaultSource: (uri) =>
        keyVaultSecretSource(uri, credential, {
          disableChallengeResourceVerification: true,
          tlsOptions: { ca: vault.certificate },
        }),
    });
  }

  function store(overrides: Partial<typeof values> = {}) {
    vault.secrets.clear();
    for (const [name, value] of Object.entries({ ...values, ...overrides })) {
      if (value !== undefined) vault.secrets.set(secretNames[name as keyof typeof values], value);
    }
  }

  it('loads every secret through the Key Vault protocol, answering its bearer challenge', async () => {
    store();
    const secrets = await load();
    expect(Object.keys(secrets.fieldKeysGeneral.keys)).toHaveLength(1);
    expect(secrets.fieldKeysSensitive.keys[secrets.fieldKeysSensitive.primary]).toHaveLength(32);
    expect(secrets.tokenSigningKeys.keys[secrets.tokenSigningKeys.primary]).toContain('PRIVATE KEY');
    // Optional: absent from this vault, so Google sign-in runs as a public client.
    expect(secrets.googleClientSecret).toBeUndefined();
    expect(vault.requests.some((r) => !r.authorized)).toBe(true);
    expect(
      vault.requests
        .filter((r) => r.authorized)
        .map((r) => r.path.split('/')[2])
        .sort(),
    ).toEqual([
      'anthropic-api-key',
      'bank-fingerprint-keys',
      'entra-client-secret',
      'field-keys-general',
      'field-keys-sensitive',
      'google-client-secret',
      'postmark-server-token',
      'postmark-webhook-credentials',
      'token-signing-keys',
    ]);
    expect(secrets.postmarkWebhook.username).toBe('postmark');
    expect(secrets.anthropicApiKey).toBe(values.ANTHROPIC_API_KEY);
  });

  it('refuses malformed Postmark secrets, naming them', async () => {
    store({ POSTMARK_SERVER_TOKEN: 'has spaces in it', POSTMARK_WEBHOOK_CREDENTIALS: 'postmark:short' });
    const error = await load().catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/POSTMARK_SERVER_TOKEN is malformed/);
    expect(String((error as Error).message)).toMatch(/POSTMARK_WEBHOOK_CREDENTIALS is malformed/);
  });

  it('refuses a malformed or missing Anthropic API key, naming it', async () => {
    store({ ANTHROPIC_API_KEY: 'has spaces in it and is long' });
    expect(String(((await load().catch((e: unknown) => e)) as Error).message)).toMatch(
      /ANTHROPIC_API_KEY is malformed/,
    );
    store({ ANTHROPIC_API_KEY: undefined });
    expect(String(((await load().catch((e: unknown) => e)) as Error).message)).toMatch(/ANTHROPIC_API_KEY is missing/);
  });

  it('refuses to start when a secret is missing, naming it', async () => {
    store({ FIELD_KEYS_SENSITIVE: undefined });
    await expect(load()).rejects.toThrow(/secret FIELD_KEYS_SENSITIVE is missing/);
  });

  it('refuses a malformed secret, naming it without echoing its value', async () => {
    const bad = JSON.stringify({ primary: 'k1', keys: { k1: 'c2hvcnQtYnV0LXNlY3JldC12YWx1ZQ==' } });
    store({ FIELD_KEYS_GENERAL: bad });
    const error = await load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(String((error as Error).message)).toMatch(/FIELD_KEYS_GENERAL key "k1" must be base64 of exactly 32 bytes/);
    expect(String((error as Error).message)).not.toContain('c2hvcnQtYnV0');
  });

  it('refuses a ring whose primary key is absent', async () => {
    const parsed = JSON.parse(values.FIELD_KEYS_GENERAL) as { keys: Record<string, string> };
    store({ FIELD_KEYS_GENERAL: JSON.stringify({ primary: 'missing', keys: parsed.keys }) });
    await expect(load()).rejects.toThrow(/names primary key "missing" but has no such key/);
  });
});
