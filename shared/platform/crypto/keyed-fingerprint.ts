import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyRing } from '../config/secrets';

/**
 * Keyed fingerprints (HMAC-SHA256 under a key from Key Vault) of values the app must recognise
 * again without keeping them: a purged bank account entered anew. Without the key a fingerprint
 * cannot be tested against guesses (a bank account number has few enough digits to enumerate).
 * The format `<kid>:<hex>` carries its key id, so after a rotation every key of the ring is tried.
 */
export interface KeyedFingerprints {
  /** The fingerprint under the primary key, to store. */
  fingerprint(value: string): string;
  /** The value's fingerprint under every key of the ring, to look a stored one up by. */
  candidates(value: string): string[];
  matches(value: string, fingerprint: string): boolean;
}

export function createKeyedFingerprints(ring: KeyRing): KeyedFingerprints {
  const under = (kid: string, value: string) =>
    `${kid}:${createHmac('sha256', ring.keys[kid]!).update(value, 'utf8').digest('hex')}`;
  return {
    fingerprint: (value) => under(ring.primary, value),
    candidates: (value) => Object.keys(ring.keys).map((kid) => under(kid, value)),
    matches(value, fingerprint) {
      const kid = fingerprint.split(':')[0]!;
      if (!ring.keys[kid]) return false;
      const expected = Buffer.from(under(kid, value));
      const given = Buffer.from(fingerprint);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
