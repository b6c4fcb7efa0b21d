import { isEncrypted } from '../crypto/field-crypto';

/** Keys whose values are credentials or derived from them (refresh-token hashes, PKCE verifiers). */
const credentialKey = /token|secret|password|verifier|nonce/i;

export const maskedValues = {
  encrypted: '[encrypted]',
  credential: '[withheld]',
} as const;

/**
 * A record as the export writes it: field ciphertexts (`enc:v1:...`) replaced, never decrypted,
 * so an export holds no customer secret in any form; credential material withheld; the data
 * layer's ETag dropped. Everything else is exactly as stored.
 */
export function maskRecord(record: Record<string, unknown>): Record<string, unknown> {
  const { etag: _etag, ...rest } = record;
  return mask(rest) as Record<string, unknown>;
}

function mask(value: unknown, key = ''): unknown {
  if (isEncrypted(value)) return maskedValues.encrypted;
  if (credentialKey.test(key) && value !== null && value !== undefined) return maskedValues.credential;
  if (Array.isArray(value)) return value.map((item) => mask(item));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
  return value;
}
