import { code as iso4217 } from 'currency-codes';
import { ValidationError } from '../platform/errors';

/**
 * Money is never a float. Inside, amounts are integer minor units (bigint); at the API edge
 * they are decimal strings with the currency's ISO 4217 exponent ("1234.50" USD, "1234" JPY,
 * "1.234" BHD). Parsing never rounds: a value with more decimals than the currency has is
 * refused, so what the client meant and what we store cannot differ.
 */
const maxWholeDigits = 15;
export const currencyCodePattern = /^[A-Z]{3}$/;

export function currencyExponent(currency: string): number {
  const entry = currencyCodePattern.test(currency) ? iso4217(currency) : undefined;
  if (!entry)
    throw new ValidationError(`Unknown currency ${currency}`, [
      { field: 'currency', reason: 'an ISO 4217 currency code' },
    ]);
  return entry.digits;
}

export function parseAmount(value: string, currency: string, field = 'amount'): bigint {
  const exponent = currencyExponent(currency);
  const match = /^(-)?(\d{1,15})(?:\.(\d+))?$/.exec(value);
  if (!match)
    throw new ValidationError('Invalid amount', [
      { field, reason: `a decimal string such as "1234.50", at most ${maxWholeDigits} whole digits` },
    ]);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new ValidationError('Invalid amount', [
      { field, reason: `${currency} has ${exponent} decimal place${exponent === 1 ? '' : 's'}` },
    ]);
  }
  const minor = BigInt(whole!) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  return sign ? -minor : minor;
}

export function formatAmount(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
