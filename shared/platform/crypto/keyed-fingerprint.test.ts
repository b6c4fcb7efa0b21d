import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyedFingerprints } from './keyed-fingerprint';

describe('keyed fingerprints', () => {
  const old = randomBytes(32);
  const fingerprints = createKeyedFingerprints({ primary: 'k1', keys: { k1: old } });

  it('are stable for a value and differ between values, without containing it', () => {
    const value = 'org-a|021000021|000123456789';
    expect(fingerprints.fingerprint(value)).toBe(fingerprints.fingerprint(value));
    expect(fingerprints.fingerprint(value)).not.toBe(fingerprints.fingerprint('org-b|021000021|000123456789'));
    expect(fingerprints.fingerprint(value)).not.toContain('123456789');
  });

  it('cannot be recomputed without the key', () => {
    const value = 'org-a|021000021|000123456789';
    const other = createKeyedFingerprints({ primary: 'k1', keys: { k1: randomBytes(32) } });
    expect(other.matches(value, fingerprints.fingerprint(value))).toBe(false);
  });

  it('still recognise a value fingerprinted under a retired key after rotation', () => {
    const value = 'org-a|021000021|000123456789';
    const before = fingerprints.fingerprint(value);
    const rotated = createKeyedFingerprints({ primary: 'k2', keys: { k1: old, k2: randomBytes(32) } });
    expect(rotated.fingerprint(value)).not.toBe(before);
    expect(rotated.candidates(value)).toContain(before);
    expect(rotated.matches(value, before)).toBe(true);
  });
});
