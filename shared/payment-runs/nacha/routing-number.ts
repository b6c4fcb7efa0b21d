/**
 * The ABA routing number's check digit: weights 3, 7, 1 over the first eight digits; the ninth
 * digit brings the sum to a multiple of ten. Catches every single-digit typo and most swaps.
 */
export function routingCheckDigit(firstEight: string): string {
  if (!/^\d{8}$/.test(firstEight)) throw new Error('a routing number check digit needs eight digits');
  const weights = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(firstEight[index]), 0);
  return String((10 - (sum % 10)) % 10);
}

export function isRoutingNumber(value: string): boolean {
  return /^\d{9}$/.test(value) && routingCheckDigit(value.slice(0, 8)) === value[8];
}
