import { describe, expect, it } from 'vitest';
import { validRoutingNumber } from './routing-number';

describe('ABA routing numbers', () => {
  it('accepts real routing numbers', () => {
    // JPMorgan Chase (NY), Bank of America (CA), Wells Fargo (MN), the Federal Reserve Bank of New York.
    for (const routing of ['021000021', '121000358', '091000019', '021001208'])
      expect(validRoutingNumber(routing)).toBe(true);
  });

  it('refuses every single-digit change of a valid number', () => {
    const valid = '021000021';
    for (let position = 0; position < 9; position += 1)
      for (let digit = 0; digit <= 9; digit += 1) {
        if (String(digit) === valid[position]) continue;
        const typo = `${valid.slice(0, position)}${digit}${valid.slice(position + 1)}`;
        expect(validRoutingNumber(typo), typo).toBe(false);
      }
  });

  it('refuses anything but nine digits', () => {
    for (const routing of ['', '02100002', '0210000211', '02100002a', ' 021000021'])
      expect(validRoutingNumber(routing)).toBe(false);
  });
});
