import { describe, expect, it } from 'vitest';
import {
  accountChangeable,
  accountVisible,
  entryInReach,
  isRestricted,
  lineInReach,
  type LedgerReach,
} from './ledger-reach';

const reach: LedgerReach = {
  restrictions: { facilities: ['F1'], divisions: ['D1'] },
  hiddenAccounts: new Set(['account-f2']),
  visibleAccounts: new Set(['account-cash']),
};
const line = (facility: string | null, division: string | null, accountId = 'account-cash') => ({
  accountId,
  facility,
  division,
});

describe('what a restricted member reaches in the ledger', () => {
  it('counts an empty restriction object as unrestricted, and an empty list as nothing allowed', () => {
    expect(isRestricted(undefined)).toBe(false);
    expect(isRestricted({})).toBe(false);
    expect(isRestricted({ facilities: [] })).toBe(true);
    expect(lineInReach({ ...reach, restrictions: { facilities: [] } }, line('F1', 'D1'))).toBe(false);
  });

  it('reaches a line only inside both dimensions and on an account not hidden', () => {
    expect(lineInReach(reach, line('F1', 'D1'))).toBe(true);
    expect(lineInReach(reach, line('F2', 'D1'))).toBe(false);
    expect(lineInReach(reach, line('F1', 'D2'))).toBe(false);
    expect(lineInReach(reach, line('F1', 'D1', 'account-f2'))).toBe(false);
  });

  it('does not reach untagged lines on a restricted dimension, but ignores a dimension that is not restricted', () => {
    expect(lineInReach(reach, line(null, 'D1'))).toBe(false);
    expect(lineInReach(reach, line('F1', null))).toBe(false);
    const facilitiesOnly = { ...reach, restrictions: { facilities: ['F1'] } };
    expect(lineInReach(facilitiesOnly, line('F1', null))).toBe(true);
    expect(lineInReach(facilitiesOnly, line('F1', 'D9'))).toBe(true);
  });

  it('sees an entry only when every line is in reach', () => {
    expect(entryInReach(reach, { lines: [line('F1', 'D1'), line('F1', 'D1')] })).toBe(true);
    expect(entryInReach(reach, { lines: [line('F1', 'D1'), line('F2', 'D1')] })).toBe(false);
  });

  it('sees untagged accounts and accounts tagged inside, but changes only accounts wholly inside', () => {
    const r = reach.restrictions;
    expect(accountVisible(r, { facility: null, division: null })).toBe(true);
    expect(accountVisible(r, { facility: 'F1', division: null })).toBe(true);
    expect(accountVisible(r, { facility: 'F2', division: null })).toBe(false);
    expect(accountVisible(r, { facility: null, division: 'D2' })).toBe(false);
    expect(accountChangeable(r, { facility: 'F1', division: 'D1' })).toBe(true);
    expect(accountChangeable(r, { facility: 'F1', division: null })).toBe(false);
    expect(accountChangeable(r, { facility: null, division: null })).toBe(false);
  });
});
