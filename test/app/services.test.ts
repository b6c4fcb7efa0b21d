import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../shared/platform/config/load-settings';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { getServices, provideServices, type Services } from '../../shared/platform/services';
import { createServices } from '../../functions/app-services';

const settings = loadSettings({
  LEDGERLINE_ENV: 'test',
  COSMOS_ENDPOINT: 'http://127.0.0.1:1',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  LOG_LEVEL: 'error',
});

describe('services fail closed', () => {
  it('an override of undefined cannot take a guard away', async () => {
    const services = await createServices(settings, {
      secretLoading: { env: generateDevelopmentSecrets() },
      rateLimiter: undefined,
      sessionGuard: undefined,
      securityLog: undefined,
      authenticator: undefined,
    });
    expect(typeof services.rateLimiter.check).toBe('function');
    expect(typeof services.sessionGuard.touch).toBe('function');
    expect(typeof services.securityLog.accessRefused).toBe('function');
    expect(typeof services.authenticator.authenticate).toBe('function');
  });

  it('services built without a guard are refused before any request is served', async () => {
    const complete = await createServices(settings, { secretLoading: { env: generateDevelopmentSecrets() } });
    const { rateLimiter: _limiter, securityLog: _log, ...withoutGuards } = complete;
    provideServices(() => Promise.resolve(withoutGuards as Services));
    await expect(getServices()).rejects.toThrow('services are missing rateLimiter, securityLog');
    provideServices(() => Promise.resolve(complete));
    await expect(getServices()).resolves.toBe(complete);
  });
});
