import { describe, expect, it } from 'vitest';
import { prefixedId, recordId } from './ids';

describe('id shapes', () => {
  it('accepts the ids the app makes, by kind', () => {
    expect(
      prefixedId('account', 'an account id').safeParse('account-3f2b8c1e-9a4d-4c2b-8e7f-1a2b3c4d5e6f').success,
    ).toBe(true);
    expect(prefixedId('je', 'a journal entry id').safeParse('je-year-end-2026-12').success).toBe(true);
  });

  it.each(['je-1', 'account-', 'account-../etc', 'account-a/b', 'account-x?y', `account-${'a'.repeat(101)}`])(
    'refuses %s as an account id',
    (id) => expect(prefixedId('account', 'an account id').safeParse(id).success).toBe(false),
  );

  it('keeps record ids to what Cosmos and URLs take unescaped', () => {
    expect(recordId.safeParse('member-acct.1:x_y').success).toBe(true);
    for (const id of ['a/b', 'a\\b', 'a?b', 'a#b', '', 'x'.repeat(201)])
      expect(recordId.safeParse(id).success).toBe(false);
  });
});
