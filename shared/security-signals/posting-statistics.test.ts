import { describe, expect, it } from 'vitest';
import { isOutlier, noStatistics, withAmount, type AccountStatistics } from './posting-statistics';

const usual = { minimumSamples: 30, deviations: 6 };
const of = (amounts: readonly bigint[]): AccountStatistics => amounts.reduce(withAmount, noStatistics);
/** 40 sales between 90.00 and 110.00 (minor units). */
const sales = of(Array.from({ length: 40 }, (_, i) => 9_000n + BigInt((i * 37) % 2_001)));

describe('posting outliers', () => {
  it('keeps count, sum and sum of squares exactly, far past what a double holds', () => {
    const big = 10n ** 15n;
    expect(of([big, big + 1n])).toEqual({
      count: 2,
      sum: String(2n * big + 1n),
      sumOfSquares: String(big * big + (big + 1n) * (big + 1n)),
    });
  });

  it('an amount far above the account’s usual range is an outlier; within it, or below, is not', () => {
    expect(isOutlier(sales, 5_000_000n, usual)).toBe(true);
    expect(isOutlier(sales, 12_000n, usual)).toBe(false);
    expect(isOutlier(sales, 1n, usual)).toBe(false);
  });

  it('a young account never fires', () => {
    const young = of(Array.from({ length: 29 }, () => 10_000n));
    expect(isOutlier(young, 10_000_000n, usual)).toBe(false);
    expect(isOutlier(withAmount(young, 10_000n), 10_000_000n, usual)).toBe(true);
  });

  it('an account that always saw one amount tolerates a tenth of it before the deviations count', () => {
    const rent = of(Array.from({ length: 36 }, () => 250_000n));
    expect(isOutlier(rent, 250_001n, usual)).toBe(false);
    expect(isOutlier(rent, 250_000n + 6n * 25_000n, usual)).toBe(false);
    expect(isOutlier(rent, 250_000n + 6n * 25_000n + 100n, usual)).toBe(true);
  });

  it('the deviations setting moves the line', () => {
    const amount = 14_000n;
    expect(isOutlier(sales, amount, { minimumSamples: 30, deviations: 3 })).toBe(true);
    expect(isOutlier(sales, amount, usual)).toBe(false);
  });
});
