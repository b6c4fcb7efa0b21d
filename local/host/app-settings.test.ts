import { describe, expect, it } from 'vitest';
import { resolveAppSettings, storageConnectionString } from './app-settings';

describe('app settings in binding properties', () => {
  it('replaces %NAME% with the setting and leaves plain text alone', () => {
    expect(resolveAppSettings('%QUEUE%-items', { QUEUE: 'payments' }, 'f')).toBe('payments-items');
    expect(resolveAppSettings('0 */5 * * * *', {}, 'f')).toBe('0 */5 * * * *');
  });

  it('refuses a %NAME% that names no setting, saying which function and setting', () => {
    expect(() => resolveAppSettings('%MISSING%', {}, 'function nightly')).toThrow(
      "function nightly: '%MISSING%' does not resolve to a value (app setting MISSING is not set)",
    );
  });

  it('finds the connection string the binding names, AzureWebJobsStorage by default', () => {
    expect(storageConnectionString(undefined, { AzureWebJobsStorage: 'a' }, 'f')).toBe('a');
    expect(storageConnectionString('Other', { Other: 'b' }, 'f')).toBe('b');
    expect(storageConnectionString('Other', { AzureWebJobsOther: 'c' }, 'f')).toBe('c');
  });

  it('explains an identity-based connection it cannot use locally', () => {
    expect(() => storageConnectionString(undefined, { AzureWebJobsStorage__accountName: 'acct' }, 'f')).toThrow(
      /identity-based/,
    );
    expect(() => storageConnectionString('Nope', {}, 'f')).toThrow('f: setting Nope is not set');
  });
});
