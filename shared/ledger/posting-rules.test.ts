import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postingProblems, reversedLines, totals, type EntryLine } from './posting-rules';

const accountIds = ['1000', '1100', '2000', '4000', '6100'];
const accounts = new Map(accountIds.map((id) => [id, { active: true }] as const));
const open = () => true;

/** A balanced entry: random debits, then credits that split the same total. */
const balancedEntry = fc
  .array(fc.record({ accountId: fc.constantFrom(...accountIds), amount: fc.bigInt({ min: 1n, max: 10n ** 12n }) }), {
    minLength: 1,
    maxLength: 8,
  })
  .chain((debits) => {
    const total = debits.reduce((sum, d) => sum + d.amount, 0n);
    return fc.integer({ min: 1, max: Math.min(8, Number(total > 8n ? 8n : total)) }).chain((parts) =>
      fc.array(fc.constantFrom(...accountIds), { minLength: parts, maxLength: parts }).map((creditAccounts) => {
        const base = total / BigInt(parts);
        const credits = creditAccounts.map((accountId, index) => ({
          accountId,
          amount: index === 0 ? base + (total - base * BigInt(parts)) : base,
        }));
        const lines: EntryLine[] = [
          ...debits.map((d) => ({ ...d, side: 'debit' as const })),
          ...credits.map((c) => ({ ...c, side: 'credit' as const })),
        ];
        return lines;
      }),
    );
  });

describe('posting rules', () => {
  it('every balanced entry of positive lines on active accounts posts', () => {
    fc.assert(
      fc.property(balancedEntry, (lines) => {
        expect(postingProblems({ date: '2026-11-24', lines }, accounts, open)).toEqual([]);
        const { debits, credits } = totals(lines);
        expect(debits).toBe(credits);
      }),
    );
  });

  it('any change of one amount unbalances the entry and is refused', () => {
    fc.assert(
      fc.property(balancedEntry, fc.nat(), fc.bigInt({ min: 1n, max: 1000n }), (lines, pick, delta) => {
        const index = pick % lines.length;
        const changed = lines.map((line, i) => (i === index ? { ...line, amount: line.amount + delta } : line));
        expect(postingProblems({ date: '2026-11-24', lines: changed }, accounts, open).map((p) => p.field)).toContain(
          'lines',
        );
      }),
    );
  });

  it('a reversal nets its original to zero on every account', () => {
    fc.assert(
      fc.property(balancedEntry, (lines) => {
        const net = new Map<string, bigint>();
        for (const line of [...lines, ...reversedLines(lines)]) {
          net.set(
            line.accountId,
            (net.get(line.accountId) ?? 0n) + (line.side === 'debit' ? line.amount : -line.amount),
          );
        }
        expect([...net.values()].every((value) => value === 0n)).toBe(true);
      }),
    );
  });

  it('reports every problem at once', () => {
    const lines: EntryLine[] = [
      { accountId: '1000', side: 'debit', amount: 0n },
      { accountId: 'nope', side: 'credit', amount: 5n },
    ];
    const inactive = new Map([...accounts, ['9999', { active: false }]]);
    const problems = postingProblems(
      { date: '2025-01-31', lines: [...lines, { accountId: '9999', side: 'debit', amount: 1n }] },
      inactive,
      () => false,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'lines.0.amount',
      'lines',
      'lines.1.accountId',
      'lines.2.accountId',
      'date',
    ]);
  });

  it('refuses an entry with fewer than two lines', () => {
    expect(
      postingProblems(
        { date: '2026-11-24', lines: [{ accountId: '1000', side: 'debit', amount: 1n }] },
        accounts,
        open,
      ).map((p) => p.reason),
    ).toContain('an entry needs at least two lines');
  });
});
