import { describe, expect, it } from 'vitest';
import { createFieldCrypto } from '../crypto/field-crypto';
import { maskRecord } from './record-masking';

const key = Buffer.alloc(32, 7);
const crypto = createFieldCrypto({
  general: { primary: 'k1', keys: { k1: key } },
  sensitive: { primary: 'k1', keys: { k1: Buffer.alloc(32, 9) } },
});

describe('export masking', () => {
  it('replaces ciphertext at any depth without decrypting, and withholds credentials', () => {
    const accountNumber = crypto.encrypt('sensitive', '000123456789', 'org-1|vendor-1|account');
    const masked = maskRecord({
      id: 'vendor-1',
      etag: '"0x1"',
      name: 'Acme',
      bank: { accountNumber, last4: '6789', history: [{ accountNumber }] },
      issuedRefreshTokens: [{ generation: 1, hash: 'abc' }],
      providerRefreshToken: crypto.encrypt('general', 'rt', 'org-1|session'),
      sha256: 'f'.repeat(64),
      hash: 'chain-hash',
      nothing: null,
    });
    expect(masked).toEqual({
      id: 'vendor-1',
      name: 'Acme',
      bank: { accountNumber: '[encrypted]', last4: '6789', history: [{ accountNumber: '[encrypted]' }] },
      issuedRefreshTokens: '[withheld]',
      providerRefreshToken: '[encrypted]',
      sha256: 'f'.repeat(64),
      hash: 'chain-hash',
      nothing: null,
    });
    expect(JSON.stringify(masked)).not.toContain('000123456789');
    expect(JSON.stringify(masked)).not.toContain('enc:v1');
  });
});
