import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCrypto } from '../platform/crypto/field-crypto';
import { ValidationError } from '../platform/errors';
import { openDetailCursor, sealDetailCursor, type DetailCursorBinding } from './detail-cursor';

const ring = (primary: string, keys: Record<string, Buffer>) => ({ primary, keys });
const oldKey = randomBytes(32);
const crypto = createFieldCrypto({
  general: ring('k1', { k1: oldKey }),
  sensitive: ring('s1', { s1: randomBytes(32) }),
});
const binding: DetailCursorBinding = {
  tenantId: 'org-a',
  memberId: 'member-1',
  restrictions: { facilities: ['F1'] },
  accountId: 'account-1',
  from: '2026-01-01',
  to: '2026-03-31',
};
const cursor = { cosmos: '{"token":"+RID:abc#RT:1","range":{"min":"","max":"FF"}}', running: -123456789012345678n };

describe('account detail continuation tokens', () => {
  it('opens what it sealed, running balance and database cursor intact', () => {
    expect(openDetailCursor(crypto, binding, sealDetailCursor(crypto, binding, cursor))).toEqual(cursor);
  });

  it('is opaque: the running balance is not readable in the token', () => {
    const token = sealDetailCursor(crypto, binding, cursor);
    expect(Buffer.from(token, 'base64url').toString()).not.toContain('123456789012345678');
  });

  it('refuses a token presented for any other organisation, member, account, range or filter', () => {
    const token = sealDetailCursor(crypto, binding, cursor);
    for (const other of [
      { tenantId: 'org-b' },
      { memberId: 'member-2' },
      { restrictions: {} },
      { restrictions: { facilities: ['F1', 'F2'] } },
      { restrictions: { facilities: ['F1'], divisions: ['D1'] } },
      { accountId: 'account-2' },
      { from: '2026-01-02' },
      { to: '2026-03-30' },
      { facility: 'plant-1' },
      { division: 'retail' },
    ]) {
      expect(() => openDetailCursor(crypto, { ...binding, ...other }, token)).toThrow(ValidationError);
    }
  });

  it('keeps neighbouring values apart (no separator to hide in)', () => {
    const withPipe = { ...binding, facility: 'a|b' };
    const token = sealDetailCursor(crypto, withPipe, cursor);
    expect(() => openDetailCursor(crypto, { ...binding, facility: 'a', division: 'b' }, token)).toThrow(
      ValidationError,
    );
  });

  it('refuses tampered, foreign and malformed tokens as a validation problem on continuationToken', () => {
    const token = sealDetailCursor(crypto, binding, cursor);
    const sealed = Buffer.from(token, 'base64url').toString();
    const flipped = `${sealed.slice(0, -3)}${sealed.at(-3) === 'A' ? 'B' : 'A'}${sealed.slice(-2)}`;
    const otherKeys = createFieldCrypto({
      general: ring('k1', { k1: randomBytes(32) }),
      sensitive: ring('s1', { s1: randomBytes(32) }),
    });
    for (const bad of [
      Buffer.from(flipped).toString('base64url'),
      sealDetailCursor(otherKeys, binding, cursor),
      Buffer.from(JSON.stringify({ cosmos: 'x', running: '99' })).toString('base64url'),
      'x',
      '',
      '%%%',
    ]) {
      try {
        openDetailCursor(crypto, binding, bad);
        expect.unreachable(`accepted ${bad}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).problems[0]?.field).toBe('continuationToken');
      }
    }
  });

  it('still opens tokens sealed under the previous primary key after rotation', () => {
    const token = sealDetailCursor(crypto, binding, cursor);
    const rotated = createFieldCrypto({
      general: ring('k2', { k2: randomBytes(32), k1: oldKey }),
      sensitive: ring('s1', { s1: randomBytes(32) }),
    });
    expect(openDetailCursor(rotated, binding, token)).toEqual(cursor);
  });
});
