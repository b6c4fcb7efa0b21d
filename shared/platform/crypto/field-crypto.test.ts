import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyRing } from '../config/secrets';
import { createFieldCrypto, DecryptionError } from './field-crypto';

const ring = (primary: string, ...kids: string[]): KeyRing => ({
  primary,
  keys: Object.fromEntries([primary, ...kids].map((kid) => [kid, randomBytes(32)])),
});

describe('field encryption', () => {
  const general = ring('g1');
  const sensitive = ring('s1');
  const crypto = createFieldCrypto({ general, sensitive });
  const aad = 'tenant-a|vendor-1|bankAccount';

  it('round-trips a value and never stores the plaintext', () => {
    const ciphertext = crypto.encrypt('sensitive', 'GB33BUKB20201555555555', aad);
    expect(ciphertext).toMatch(/^enc:v1:sensitive:s1:/);
    expect(ciphertext).not.toContain('GB33');
    expect(crypto.decrypt('sensitive', ciphertext, aad)).toBe('GB33BUKB20201555555555');
  });

  it('uses a fresh IV each time', () => {
    expect(crypto.encrypt('general', 'x', aad)).not.toBe(crypto.encrypt('general', 'x', aad));
  });

  it('refuses the wrong key material under the same key id', () => {
    const ciphertext = crypto.encrypt('sensitive', 'secret', aad);
    const impostor = createFieldCrypto({ general, sensitive: { primary: 's1', keys: { s1: randomBytes(32) } } });
    expect(() => impostor.decrypt('sensitive', ciphertext, aad)).toThrow(DecryptionError);
  });

  it('refuses a sensitive ciphertext through the general ring', () => {
    const ciphertext = crypto.encrypt('sensitive', 'secret', aad);
    expect(() => crypto.decrypt('general', ciphertext, aad)).toThrow(DecryptionError);
    const relabelled = ciphertext.replace('enc:v1:sensitive:s1:', 'enc:v1:general:g1:');
    expect(() => crypto.decrypt('general', relabelled, aad)).toThrow(DecryptionError);
  });

  it('refuses tampered ciphertext, tag or IV', () => {
    const ciphertext = crypto.encrypt('general', 'a value worth protecting', aad);
    const [head, iv, body] = [
      ciphertext.split(':').slice(0, 4).join(':'),
      ciphertext.split(':')[4]!,
      ciphertext.split(':')[5]!,
    ];
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[at] = bytes[at]! ^ 0x01;
      return bytes.toString('base64url');
    };
    expect(() => crypto.decrypt('general', `${head}:${iv}:${flip(body, 0)}`, aad)).toThrow(DecryptionError);
    expect(() =>
      crypto.decrypt('general', `${head}:${iv}:${flip(body, Buffer.from(body, 'base64url').length - 1)}`, aad),
    ).toThrow(DecryptionError);
    expect(() => crypto.decrypt('general', `${head}:${flip(iv, 3)}:${body}`, aad)).toThrow(DecryptionError);
  });

  it('refuses a ciphertext moved to another tenant or field', () => {
    const ciphertext = crypto.encrypt('sensitive', 'secret', aad);
    expect(() => crypto.decrypt('sensitive', ciphertext, 'tenant-b|vendor-1|bankAccount')).toThrow(DecryptionError);
    expect(() => crypto.decrypt('sensitive', ciphertext, 'tenant-a|vendor-1|routingNumber')).toThrow(DecryptionError);
  });

  it('keeps old data readable after rotation and encrypts new data under the new key', () => {
    const before = ring('k1');
    const old = createFieldCrypto({ general, sensitive: before }).encrypt('sensitive', 'old value', aad);
    const rotated = createFieldCrypto({
      general,
      sensitive: { primary: 'k2', keys: { ...before.keys, k2: randomBytes(32) } },
    });

    expect(rotated.decrypt('sensitive', old, aad)).toBe('old value');
    expect(rotated.encrypt('sensitive', 'new value', aad)).toMatch(/^enc:v1:sensitive:k2:/);
  });

  it('names an unknown key id', () => {
    const ciphertext = createFieldCrypto({ general, sensitive: ring('retired') }).encrypt('sensitive', 'x', aad);
    expect(() => crypto.decrypt('sensitive', ciphertext, aad)).toThrow(/no key "retired"/);
  });

  it('refuses a ring whose keys are not 256 bits at startup', () => {
    expect(() => createFieldCrypto({ general, sensitive: { primary: 'a', keys: { a: randomBytes(16) } } })).toThrow(
      /256 bits/,
    );
  });
});
