import { describe, expect, it } from 'vitest';
import { ConflictError } from '../errors';
import { parseOrganization } from './organization';

const stored = { slug: 'acme', name: 'Acme', baseCurrency: 'JPY', fiscalYearStartMonth: 4 };

describe('parseOrganization', () => {
  it('refuses a malformed base currency instead of guessing what was meant', () => {
    expect(() => parseOrganization({ ...stored, baseCurrency: 'yen' })).toThrow(ConflictError);
    expect(() => parseOrganization({ ...stored, baseCurrency: 'yen' })).toThrow(/base currency/);
  });

  it('leaves an unchosen base currency unset: no default appears', () => {
    const { baseCurrency: _dropped, ...withoutCurrency } = stored;
    expect(parseOrganization(withoutCurrency).baseCurrency).toBeUndefined();
  });

  it('names every broken setting at once, in words an admin knows', () => {
    expect(() => parseOrganization({ ...stored, fiscalYearStartMonth: 13, closeOnDay: 0 })).toThrow(
      "The organisation's fiscal year start month, close day are missing or malformed",
    );
  });

  it('keeps settings it does not describe, so a read-modify-write cannot drop them', () => {
    expect(parseOrganization({ ...stored, taxRegion: 'EU' })).toMatchObject({ baseCurrency: 'JPY', taxRegion: 'EU' });
  });

  it('reads the lockdown and sign-in policy with their shapes', () => {
    const lockdown = { since: '2026-11-01T00:00:00.000Z', by: 'member-ann', byKind: 'member', reason: 'phishing' };
    expect(parseOrganization({ ...stored, lockdown, signIn: { google: { domains: ['acme.example'] } } })).toMatchObject(
      { lockdown, signIn: { google: { domains: ['acme.example'] } } },
    );
    expect(() => parseOrganization({ ...stored, lockdown: { ...lockdown, byKind: 'stranger' } })).toThrow(/lockdown/);
  });
});
