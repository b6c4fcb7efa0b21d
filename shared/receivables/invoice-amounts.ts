/**
 * The rounding rule of invoices, stated once: each line's amount is quantity x unit price and
 * each line's tax is amount x rate, each rounded to the currency's minor unit on its own line,
 * half to even (a tie goes to the even neighbour, so ties do not drift up over many lines).
 * Subtotal, tax and total are then plain sums of the rounded lines, so the printed lines always
 * add up to the printed totals and to what the ledger posts.
 */

const scale = 10_000n;

/** A non-negative decimal string with at most 4 decimals, in ten-thousandths. */
export function tenThousandths(value: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(value);
  if (!match) throw new Error(`not a decimal with at most 4 places: ${value}`);
  return BigInt(match[1]!) * scale + BigInt((match[2] ?? '').padEnd(4, '0'));
}

/** numerator / denominator rounded to an integer, half to even; the denominator is positive. */
export function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const twice = (n % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

export interface LineFigures {
  readonly amountMinor: bigint;
  readonly taxMinor: bigint;
}

export function lineFigures(quantity: string, unitPriceMinor: bigint, taxRatePercent: string): LineFigures {
  const amountMinor = roundHalfEven(tenThousandths(quantity) * unitPriceMinor, scale);
  const taxMinor = roundHalfEven(amountMinor * tenThousandths(taxRatePercent), 100n * scale);
  return { amountMinor, taxMinor };
}

export function invoiceTotals(lines: readonly LineFigures[]): { subtotal: bigint; tax: bigint; total: bigint } {
  const subtotal = lines.reduce((sum, line) => sum + line.amountMinor, 0n);
  const tax = lines.reduce((sum, line) => sum + line.taxMinor, 0n);
  return { subtotal, tax, total: subtotal + tax };
}

/** Formats ten-thousandths back as the shortest decimal ("1.5", "2"). */
export function formatTenThousandths(value: bigint): string {
  const whole = value / scale;
  const fraction = (value % scale).toString().padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
