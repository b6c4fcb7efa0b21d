import { describe, expect, it } from 'vitest';
import { clientIpFrom } from './client-ip';

const frontDoorId = '55ce4ed1-4b06-4bf1-b40e-4638452104da';
const headers = (values: Record<string, string>) => new Headers(values);

describe('clientIpFrom', () => {
  it('trusts only the hop the front end appended', () => {
    expect(clientIpFrom(headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }))).toBe('203.0.113.7');
  });

  it('drops ports', () => {
    expect(clientIpFrom(headers({ 'x-forwarded-for': '203.0.113.7:51234' }))).toBe('203.0.113.7');
    expect(clientIpFrom(headers({ 'x-forwarded-for': '[2001:db8::1]:443' }))).toBe('2001:db8::1');
  });

  it('says unknown when there is no header', () => {
    expect(clientIpFrom(headers({}))).toBe('unknown');
  });

  it('takes the socket address Front Door saw when the request carries our Front Door id', () => {
    const viaFrontDoor = {
      'x-azure-fdid': frontDoorId.toUpperCase(),
      'x-azure-socketip': '198.51.100.23',
      'x-azure-clientip': '6.6.6.6',
      'x-forwarded-for': '6.6.6.6, 198.51.100.23, 147.243.0.10:3456',
    };
    expect(clientIpFrom(headers(viaFrontDoor), frontDoorId)).toBe('198.51.100.23');
    expect(clientIpFrom(headers({ ...viaFrontDoor, 'x-azure-socketip': '2001:db8::7' }), frontDoorId)).toBe(
      '2001:db8::7',
    );
  });

  it('ignores Front Door headers a caller forges without our id, or with another profile id', () => {
    const forged = { 'x-azure-socketip': '198.51.100.23', 'x-forwarded-for': '203.0.113.7' };
    expect(clientIpFrom(headers(forged), frontDoorId)).toBe('203.0.113.7');
    const otherProfile = { ...forged, 'x-azure-fdid': 'a1b2c3d4-0000-4000-8000-000000000000' };
    expect(clientIpFrom(headers(otherProfile), frontDoorId)).toBe('203.0.113.7');
    const twoIds = { ...forged, 'x-azure-fdid': `${frontDoorId}, ${frontDoorId}` };
    expect(clientIpFrom(headers(twoIds), frontDoorId)).toBe('203.0.113.7');
  });

  it('ignores Front Door headers entirely when no Front Door is configured', () => {
    const forged = { 'x-azure-fdid': frontDoorId, 'x-azure-socketip': '198.51.100.23', 'x-forwarded-for': '::1' };
    expect(clientIpFrom(headers(forged))).toBe('::1');
  });

  it('falls back to the peer when the Front Door address is not an address', () => {
    const garbled = { 'x-azure-fdid': frontDoorId, 'x-azure-socketip': 'evil', 'x-forwarded-for': '203.0.113.7' };
    expect(clientIpFrom(headers(garbled), frontDoorId)).toBe('203.0.113.7');
  });
});
