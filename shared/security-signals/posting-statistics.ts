/**
 * An account's usual posting amounts, kept exactly: count, sum and sum of squares of its line
 * amounts in minor units (bigint, stored as decimal strings), so mean and variance come out
 * without the drift of a running floating-point mean.
 */
export interface AccountStatistics {
  readonly count: number;
  readonly sum: string;
  readonly sumOfSquares: string;
}

export const noStatistics: AccountStatistics = { count: 0, sum: '0', sumOfSquares: '0' };

export function withAmount(statistics: AccountStatistics, amount: bigint): AccountStatistics {
  return {
    count: statistics.count + 1,
    sum: String(BigInt(statistics.sum) + amount),
    sumOfSquares: String(BigInt(statistics.sumOfSquares) + amount * amount),
  };
}

/** Deviations are compared squared and scaled by this, so a fractional setting (4.5) stays exact enough. */
const scale = 1_000_000n;

/**
 * Whether `amount` lies more than `deviations` standard deviations above the account's mean,
 * once the account has `minimumSamples` postings (a young ledger has no usual range yet).
 * Only amounts above the range count: an unusually small posting moves little money.
 *
 * With n postings, sum S and sum of squares Q: mean = S/n, variance = (nQ - S²)/n², so
 * amount - mean > k·sd  ⇔  nx - S > 0 and (nx - S)² > k²(nQ - S²), all in integers. The spread
 * is taken as at least a tenth of the mean: an account that always saw the same amount (the
 * monthly rent) would otherwise call any other amount an outlier.
 */
export function isOutlier(
  statistics: AccountStatistics,
  amount: bigint,
  thresholds: { readonly minimumSamples: number; readonly deviations: number },
): boolean {
  if (statistics.count < thresholds.minimumSamples) return false;
  const n = BigInt(statistics.count);
  const sum = BigInt(statistics.sum);
  const above = n * amount - sum;
  if (above <= 0n) return false;
  const spread = n * BigInt(statistics.sumOfSquares) - sum * sum;
  const floor = (sum * sum) / 100n;
  const variance = spread > floor ? spread : floor;
  const k2 = BigInt(Math.round(thresholds.deviations * thresholds.deviations * Number(scale)));
  return above * above * scale > k2 * variance;
}
