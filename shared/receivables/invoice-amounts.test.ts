import { describe, expect, it } from 'vitest';
import { invoiceTotals, lineFigures, roundHalfEven } from './invoice-amounts';

describe('invoice rounding: per line, half to even', () => {
  it('rounds exact halves to the even neighbour, up and down', () => {
    expect(roundHalfEven(5n, 10n)).toBe(0n);
    expect(roundHalfEven(15n, 10n)).toBe(2n);
    expect(roundHalfEven(25n, 10n)).toBe(2n);
    expect(roundHalfEven(35n, 10n)).toBe(4n);
    expect(roundHalfEven(-25n, 10n)).toBe(-2n);
    expect(roundHalfEven(-35n, 10n)).toBe(-4n);
  });

  it('rounds just either side of a half to the nearer neighbour', () => {
    expect(roundHalfEven(2_499n, 1_000n)).toBe(2n);
    expect(roundHalfEven(2_501n, 1_000n)).toBe(3n);
    expect(roundHalfEven(1_499n, 1_000n)).toBe(1n);
  });

  it('rounds a line amount at the .5 of a cent both ways', () => {
    // 0.5 x 0.05 = 0.025 -> 0.02; 0.5 x 0.07 = 0.035 -> 0.04
    expect(lineFigures('0.5', 5n, '0').amountMinor).toBe(2n);
    expect(lineFigures('0.5', 7n, '0').amountMinor).toBe(4n);
    expect(lineFigures('1.5', 1n, '0').amountMinor).toBe(2n);
    expect(lineFigures('2.5', 1n, '0').amountMinor).toBe(2n);
  });

  it('rounds tax per line at the .5 of a cent: 10% of 0.25 and of 0.35', () => {
    expect(lineFigures('1', 25n, '10').taxMinor).toBe(2n);
    expect(lineFigures('1', 35n, '10').taxMinor).toBe(4n);
    // 8.875% of 100.00 = 8.875 -> 8.88 (not a tie: rounds to nearest)
    expect(lineFigures('1', 10_000n, '8.875').taxMinor).toBe(888n);
  });

  it('sums rounded lines, so the printed lines add up to the totals', () => {
    const lines = [lineFigures('1', 25n, '10'), lineFigures('1', 35n, '10'), lineFigures('3', 333n, '0')];
    expect(invoiceTotals(lines)).toEqual({ subtotal: 25n + 35n + 999n, tax: 6n, total: 25n + 35n + 999n + 6n });
  });
});
