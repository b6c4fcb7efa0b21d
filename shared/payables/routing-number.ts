/**
 * An ABA routing transit number: nine digits whose weighted sum (3, 7, 1 repeating) is a
 * multiple of ten. A typo in a routing number sends a payment to the wrong bank or gets it
 * returned; the check digit catches every single-digit error and most transpositions.
 */
export function validRoutingNumber(routingNumber: string): boolean {
  if (!/^\d{9}$/.test(routingNumber)) return false;
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(routingNumber[index]), 0);
  return sum % 10 === 0;
}
