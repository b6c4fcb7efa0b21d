import { describe, expect, it } from 'vitest';
import { divideRounded, translate } from './translation';

describe('translation at a parent-entered rate', () => {
  it('rounds half away from zero, once, at the parent currency’s minor unit', () => {
    expect(divideRounded(25n, 10n)).toBe(3n);
    expect(divideRounded(-25n, 10n)).toBe(-3n);
    expect(divideRounded(24n, 10n)).toBe(2n);
    expect(divideRounded(-26n, 10n)).toBe(-3n);
    // EUR 100.05 at 1.1 USD = 110.055 -> 110.06; and the negative the same way.
    expect(translate(10005n, '1.1', 'EUR', 'USD')).toBe(11006n);
    expect(translate(-10005n, '1.1', 'EUR', 'USD')).toBe(-11006n);
  });

  it('moves between currencies with different minor units', () => {
    // JPY 10,000 (no minor unit) at 0.0067 USD = 67.00 USD.
    expect(translate(10_000n, '0.0067', 'JPY', 'USD')).toBe(6700n);
    // USD 1.00 at 150.255 JPY = 150.255 -> 150 JPY.
    expect(translate(100n, '150.255', 'USD', 'JPY')).toBe(150n);
    // BHD 1.234 (three decimals) at 2.65 USD = 3.2701 -> 3.27.
    expect(translate(1234n, '2.65', 'BHD', 'USD')).toBe(327n);
  });

  it('keeps amounts whole at a rate of one', () => {
    expect(translate(123_456_789n, '1', 'USD', 'USD')).toBe(123_456_789n);
    expect(translate(123_456_789n, '1.0000', 'EUR', 'USD')).toBe(123_456_789n);
  });
});
