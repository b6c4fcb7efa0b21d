import { describe, expect, it } from 'vitest';
import { clientIpFrom } from './client-ip';

describe('clientIpFrom', () => {
  it('trusts only the hop the front end appended', () => {
    expect(clientIpFrom('6.6.6.6, 203.0.113.7')).toBe('203.0.113.7');
  });

  it('drops ports', () => {
    expect(clientIpFrom('203.0.113.7:51234')).toBe('203.0.113.7');
    expect(clientIpFrom('[2001:db8::1]:443')).toBe('2001:db8::1');
  });

  it('says unknown when there is no header', () => {
    expect(clientIpFrom(undefined)).toBe('unknown');
  });
});
