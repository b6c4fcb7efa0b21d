import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../platform/errors';
import { formatAmount, parseAmount } from './money';

describe('money', () => {
  it('parses decimal strings into minor units with the currency exponent', () => {
    expect(parseAmount('1234.50', 'USD')).toBe(123450n);
    expect(parseAmount('1234.5', 'USD')).toBe(123450n);
    expect(parseAmount('1234', 'JPY')).toBe(1234n);
    expect(parseAmount('1.234', 'BHD')).toBe(1234n);
    expect(parseAmount('-0.01', 'EUR')).toBe(-1n);
    expect(parseAmount('999999999999999.99', 'USD')).toBe(99999999999999999n);
  });

  it('refuses more decimals than the currency has instead of rounding', () => {
    expect(() => parseAmount('1.005', 'USD')).toThrow(ValidationError);
    const refusal = (() => {
      try {
        parseAmount('1.5', 'JPY');
      } catch (error) {
        return error as ValidationError;
      }
      return undefined;
    })();
    expect(refusal?.problems).toEqual([{ field: 'amount', reason: 'JPY has 0 decimal places' }]);
  });

  it('refuses floats in disguise and unknown currencies', () => {
    for (const bad of ['1e3', '0x10', ' 1.00', '1,000.00', '.5', '1.', 'NaN', '', '1234567890123456']) {
      expect(() => parseAmount(bad, 'USD'), bad).toThrow(ValidationError);
    }
    expect(() => parseAmount('1.00', 'XYZ')).toThrow(/Unknown currency/);
    expect(() => parseAmount('1.00', 'usd')).toThrow(/Unknown currency/);
  });

  it('formats with exactly the currency exponent', () => {
    expect(formatAmount(123450n, 'USD')).toBe('1234.50');
    expect(formatAmount(5n, 'USD')).toBe('0.05');
    expect(formatAmount(-5n, 'USD')).toBe('-0.05');
    expect(formatAmount(1234n, 'JPY')).toBe('1234');
    expect(formatAmount(1n, 'BHD')).toBe('0.001');
  });

  it('format and parse are inverse for every amount and currency exponent', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 17n) + 1n, max: 10n ** 17n - 1n }),
        fc.constantFrom('USD', 'JPY', 'BHD', 'EUR'),
        (minor, currency) => {
          const bound = currency === 'JPY' ? 10n ** 15n : currency === 'BHD' ? 10n ** 18n : 10n ** 17n;
          fc.pre(minor < bound && minor > -bound);
          expect(parseAmount(formatAmount(minor, currency), currency)).toBe(minor);
        },
      ),
    );
  });
});
