import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerDependencies } from '../../shared/ledger/accounts';
import { accountVisible, entryInReach, lineInReach, type LedgerReach } from '../../shared/ledger/ledger-reach';
import { LedgerRepository } from '../../shared/ledger/ledger-repository';
import type { TenantContext } from '../../shared/platform/actor';
import type { Restrictions } from '../../shared/platform/auth/restrictions';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { testLedgerDependencies } from '../harness/counted-ledger';
import { createTestDatabase } from '../harness/cosmos';

/**
 * The restricted repository against the emulator: the Cosmos conditions it adds must keep every
 * document the in-memory rules allow (they only save work; memory decides), whatever shape the
 * stored dimensions have: a tag, null, or no field at all.
 */
describe('the ledger repository applies restrictions in its queries', () => {
  let deps: LedgerDependencies;
  const tenantId = `org-${randomUUID().slice(0, 8)}`;
  const member = (restrictions?: Restrictions): TenantContext => ({
    tenantId,
    actor: { id: 'member-1', kind: 'member' },
    ...(restrictions ? { restrictions } : {}),
  });
  const accounts = [
    { id: 'account-shared', facility: null, division: null },
    { id: 'account-f1', facility: 'F1', division: null },
    { id: 'account-f2', facility: 'F2', division: null },
    { id: 'account-d2', division: 'D2' },
  ];
  const tags = [undefined, null, 'F1', 'F2'] as const;
  const divisionTags = [undefined, null, 'D1', 'D2'] as const;
  const entries: Array<{ id: string; lines: Array<Record<string, unknown>> }> = [];

  beforeAll(async () => {
    const db = await createTestDatabase();
    deps = testLedgerDependencies(db);
    const system = new TenantRepository(deps.container, { tenantId, actor: { id: 'system:test', kind: 'system' } });
    for (const { id, ...dims } of accounts) await system.create('account', id, { code: id, name: id, ...dims });
    // Every combination of facility, division and account on one line, and pairs of them.
    const lines = tags.flatMap((facility) =>
      divisionTags.flatMap((division) =>
        accounts.map((a) => ({
          accountId: a.id,
          side: 'debit',
          amountMinor: '1',
          ...(facility === undefined ? {} : { facility }),
          ...(division === undefined ? {} : { division }),
        })),
      ),
    );
    const shapes = [
      ...lines.map((l) => [l]),
      ...lines.slice(0, 40).map((l, i) => [l, lines[(i * 7 + 3) % lines.length]!]),
    ];
    for (const shape of shapes) {
      const id = `je-${randomUUID()}`;
      entries.push({ id, lines: shape });
      await system.create('journal-entry', id, { status: 'posted', date: '2026-01-05', lines: shape });
    }
  });

  it('refuses a member context that does not state its restrictions; system work reaches everything', async () => {
    await expect(LedgerRepository.open(deps, member())).rejects.toThrow(/restrictions/);
    const system = await LedgerRepository.open(deps, { tenantId, actor: { id: 'system:close', kind: 'system' } });
    expect(system.restricted).toBe(false);
    expect((await LedgerRepository.open(deps, member({}))).restricted).toBe(false);
  });

  it('returns exactly the entries, lines and accounts the rules allow, for any restrictions', async () => {
    const subset = <T>(values: readonly T[]) => fc.option(fc.subarray([...values]), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(subset(['F1', 'F2', 'F3']), subset(['D1', 'D2']), async (facilities, divisions) => {
        const restrictions: Restrictions = {
          ...(facilities ? { facilities } : {}),
          ...(divisions ? { divisions } : {}),
        };
        const repository = await LedgerRepository.open(deps, member(restrictions));
        const hiddenAccounts = new Set(accounts.filter((a) => !accountVisible(restrictions, a)).map((a) => a.id));
        const reach: LedgerReach = { restrictions, hiddenAccounts, visibleAccounts: new Set() };
        const asLines = (lines: Array<Record<string, unknown>>) =>
          lines as unknown as Array<{ accountId: string; facility?: string | null; division?: string | null }>;

        const whole = await repository.queryAll<{ lines: unknown[] }>('journal-entry');
        expect(whole.map((e) => e.id).sort()).toEqual(
          entries
            .filter((e) => entryInReach(reach, { lines: asLines(e.lines) }))
            .map((e) => e.id)
            .sort(),
        );
        const figures = await repository.queryAllLines({});
        expect(figures.map((e) => [e.id, e.lines.length]).sort()).toEqual(
          entries
            .map((e) => [e.id, asLines(e.lines).filter((l) => lineInReach(reach, l)).length] as const)
            .filter(([, count]) => count > 0)
            .sort(),
        );
        const chart = await repository.queryAll('account');
        expect(chart.map((a) => a.id).sort()).toEqual(
          accounts
            .filter((a) => !hiddenAccounts.has(a.id))
            .map((a) => a.id)
            .sort(),
        );
        for (const entry of entries.slice(0, 6)) {
          const found = await repository.find('journal-entry', entry.id);
          expect(found !== undefined).toBe(entryInReach(reach, { lines: asLines(entry.lines) }));
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
