import { createHash, randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a pasted or read-out code is not mistyped into another. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 160 bits: above the 128 the request needs, and a whole number of base32 letters (32). */
const codeBytes = 20;

/** A fresh share code: 160 random bits as eight groups of four letters, e.g. `7K3M-...`. */
export function newShareCode(): string {
  const bytes = randomBytes(codeBytes);
  let bits = 0;
  let value = 0;
  let letters = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      letters += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return letters.match(/.{4}/g)!.join('-');
}

/**
 * What is stored and looked up: SHA-256 of the code as typed without separators or case. The code
 * carries 160 random bits, so an unkeyed hash is safe: there is nothing to guess from it offline.
 * A code in another shape hashes to something no request has, and is refused like any wrong code.
 */
export function shareCodeHash(pasted: string): string {
  const normalised = pasted.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(normalised).digest('hex');
}

/** The platform document a code is found by (its hash, never the code). */
export const shareCodeDocumentId = (hash: string) => `share-code-${hash}`;
