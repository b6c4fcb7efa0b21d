import { currencyExponent } from '../ledger/money';

/**
 * Currency translation at a rate the parent enters, in integer arithmetic only. A rate is a
 * decimal string: how many units of the parent's currency one unit of the organisation's buys.
 * ROUNDING RULE: the exact product is rounded once, to the parent currency's minor unit, half
 * away from zero (2.5 cents -> 3, -2.5 cents -> -3). Rounding differences are not lost: they go
 * to the translation-adjustment account with the rate differences (consolidation.ts).
 */
export function translate(minor: bigint, rate: string, from: string, to: string): bigint {
  const [whole = '0', fraction = ''] = rate.split('.');
  const numerator = minor * BigInt(`${whole}${fraction}`) * 10n ** BigInt(currencyExponent(to));
  const denominator = 10n ** BigInt(fraction.length + currencyExponent(from));
  return divideRounded(numerator, denominator);
}

/** n / d (d > 0) rounded half away from zero; bigint division alone truncates toward zero. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}
