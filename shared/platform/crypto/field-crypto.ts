import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing, Secrets } from '../config/secrets';

/**
 * Application-layer AES-256-GCM for designated fields. Two independent rings: `general`
 * (application secrets such as provider tokens) and `sensitive` (customer values such as bank
 * details), so a leak of one key never exposes the other class of data.
 *
 * Ciphertext format: `enc:v1:<ring>:<kid>:<iv b64url>:<ciphertext+tag b64url>`. The key id
 * travels with the data, so a new primary key encrypts new values while older keys keep
 * decrypting old ones. Associated data (for example `tenantId|vendor|bankAccount`) binds a
 * ciphertext to its place: copied into another tenant's record or field, it fails to decrypt.
 */
export type RingName = 'general' | 'sensitive';

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

export interface FieldCrypto {
  encrypt(ring: RingName, plaintext: string, associatedData: string): string;
  decrypt(ring: RingName, ciphertext: string, associatedData: string): string;
  isEncrypted(value: unknown): value is string;
}

const prefix = 'enc:v1:';
const ivBytes = 12;
const tagBytes = 16;

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(prefix);
}

export function createFieldCrypto(rings: Record<RingName, KeyRing>): FieldCrypto {
  for (const [name, ring] of Object.entries(rings)) {
    if (!ring.keys[ring.primary]) throw new Error(`field key ring ${name} has no primary key`);
    for (const [kid, key] of Object.entries(ring.keys)) {
      if (key.length !== 32) throw new Error(`field key ring ${name} key ${kid} is not 256 bits`);
    }
  }
  return {
    encrypt(ringName, plaintext, associatedData) {
      const ring = rings[ringName];
      const key = ring.keys[ring.primary]!;
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
      cipher.setAAD(Buffer.from(`${ringName}|${ring.primary}|${associatedData}`));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${prefix}${ringName}:${ring.primary}:${iv.toString('base64url')}:${body.toString('base64url')}`;
    },
    decrypt(ringName, ciphertext, associatedData) {
      const parts = ciphertext.startsWith(prefix) ? ciphertext.slice(prefix.length).split(':') : [];
      if (parts.length !== 4) throw new DecryptionError('not a field ciphertext');
      const [storedRing, kid, ivText, bodyText] = parts as [string, string, string, string];
      if (storedRing !== ringName)
        throw new DecryptionError(`ciphertext belongs to the ${storedRing} ring, not ${ringName}`);
      const key = rings[ringName].keys[kid];
      if (!key) throw new DecryptionError(`no key "${kid}" in the ${ringName} ring`);
      const iv = Buffer.from(ivText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (iv.length !== ivBytes || body.length < tagBytes) throw new DecryptionError('malformed ciphertext');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
        decipher.setAAD(Buffer.from(`${ringName}|${kid}|${associatedData}`));
        decipher.setAuthTag(body.subarray(body.length - tagBytes));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - tagBytes)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new DecryptionError('ciphertext failed authentication (wrong key, tampered data or wrong context)');
      }
    },
    isEncrypted,
  };
}

export function fieldCryptoFromSecrets(secrets: Secrets): FieldCrypto {
  return createFieldCrypto({ general: secrets.fieldKeysGeneral, sensitive: secrets.fieldKeysSensitive });
}
