import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../shared/platform/config/configuration-error';
import { loadSettings } from '../../shared/platform/config/load-settings';
import { generateDevelopmentSecrets, keptDevelopmentSecrets } from '../../local/dev-secrets';
import { loadSecrets, optionalSecretSettingNames, secretSettingNames } from '../../shared/platform/config/secrets';
import { settingsSchema } from '../../shared/platform/config/settings';

const base = { COSMOS_ENDPOINT: 'http://127.0.0.1:8081', AzureWebJobsStorage: 'UseDevelopmentStorage=true' };

describe('settings', () => {
  it('names every bad setting without echoing its value', () => {
    const secretLooking = 'not-a-url-but-a-secret-9f8e7d';
    const error = (() => {
      try {
        loadSettings({ COSMOS_ENDPOINT: secretLooking, HTTP_MAX_BODY_BYTES: '-5' });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.message).toContain('COSMOS_ENDPOINT');
    expect(error!.message).toContain('set either AzureWebJobsStorage or AzureWebJobsStorage__accountName');
    expect(error!.message).toContain('HTTP_MAX_BODY_BYTES');
    expect(error!.message).not.toContain(secretLooking);
  });

  it('accepts identity-based storage by account name, as in Azure', () => {
    const settings = loadSettings({
      COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/',
      AzureWebJobsStorage__accountName: 'stledger123',
    });
    expect(settings.AzureWebJobsStorage).toBeUndefined();
  });

  it('refuses to start in production without a Key Vault', async () => {
    const settings = loadSettings({ ...base, LEDGERLINE_ENV: 'production' });
    await expect(loadSecrets(settings, { env: {} })).rejects.toThrow(/KEY_VAULT_URI is missing/);
  });

  it('refuses production telemetry without the managed identity, which a keyless Application Insights needs', () => {
    const production = {
      ...base,
      LEDGERLINE_ENV: 'production',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-4000-8000-000000000001',
    };
    expect(() => loadSettings(production)).toThrow(/setting APPLICATIONINSIGHTS_AUTHENTICATION_STRING is required/);
    const clientId = '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    expect(() =>
      loadSettings({ ...production, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD' }),
    ).not.toThrow();
    expect(() =>
      loadSettings({
        ...production,
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `Authorization=AAD;ClientId=${clientId}`,
      }),
    ).not.toThrow();
    expect(() =>
      loadSettings({
        ...production,
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `Authorization=Key;ClientId=${clientId}`,
      }),
    ).toThrow(/APPLICATIONINSIGHTS_AUTHENTICATION_STRING is malformed/);
  });

  it('the local start keeps development secrets it generated once: private, stable, environment first', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dev-secrets-')), 'dev-secrets.json');
    const first = keptDevelopmentSecrets({}, file);
    const second = keptDevelopmentSecrets({}, file);
    expect(second).toEqual(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object).sort()).toEqual(
      [...secretSettingNames].sort(),
    );
    expect(keptDevelopmentSecrets({ POSTMARK_SERVER_TOKEN: 'from-the-environment' }, file).POSTMARK_SERVER_TOKEN).toBe(
      'from-the-environment',
    );
  });

  it('outside production without a Key Vault, reads the secrets its settings carry and generates none', async () => {
    const settings = loadSettings(base);
    await expect(loadSecrets(settings, { env: {} })).rejects.toThrow(/secret FIELD_KEYS_GENERAL is missing/);
    const given = generateDevelopmentSecrets();
    const secrets = await loadSecrets(settings, { env: given });
    expect(secrets.postmarkServerToken).toBe(given.POSTMARK_SERVER_TOKEN);
  });

  it('local.settings.example.json lists exactly the settings the app knows', () => {
    const example = JSON.parse(readFileSync(resolve(__dirname, '../../local.settings.example.json'), 'utf8')) as {
      Values: Record<string, string>;
    };
    const hostSettings = ['FUNCTIONS_WORKER_RUNTIME', 'AzureWebJobsFeatureFlags'];
    const known = [
      ...Object.keys(settingsSchema.shape),
      ...secretSettingNames,
      ...optionalSecretSettingNames,
      ...hostSettings,
    ].sort();
    expect(Object.keys(example.Values).sort()).toEqual(known);
  });
});
