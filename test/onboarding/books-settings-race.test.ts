import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../shared/ledger/accounts';
import { journalEntryType } from '../../shared/ledger/journal-entry';
import { createAndPostEntry } from '../../shared/ledger/journal-posting';
import { settingsDependencies, type SettingsDependencies } from '../../shared/onboarding/onboarding-dependencies';
import { changeOrganizationSettings } from '../../shared/onboarding/organization-settings';
import type { TenantContext } from '../../shared/platform/actor';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { ConflictError, ValidationError } from '../../shared/platform/errors';
import type { Organization } from '../../shared/platform/organization/organization';
import { readStoredOrganization } from '../../shared/platform/organization/organization-store';
import { secondInstance } from '../harness/counted-ledger';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';
import type { LedgerDependencies } from '../../shared/ledger/ledger-dependencies';

const rounds = 30;

/**
 * Base currency, fiscal year start and books start change only while nothing is posted. A first
 * post racing a settings change must end one of two ways: posted under the old settings with the
 * change refused, or the change made with the post judged under the new settings; never both
 * accepted. Each side runs as a request does: with the organisation as read when it started.
 */
describe('books settings against a racing first post', () => {
  let db: TestDatabase;
  // Two processes: each has its own posting lane (the lane is per container client).
  let poster: LedgerDependencies;
  let admin: SettingsDependencies;
  beforeAll(async () => {
    db = await createTestDatabase();
    poster = secondInstance(db);
    admin = settingsDependencies(secondInstance(db));
  });

  async function newOrganization() {
    const tenantId = `org-${randomUUID().slice(0, 8)}`;
    const seed: TenantContext = {
      tenantId,
      actor: { id: 'member-1', kind: 'member', ip: '192.0.2.1' },
      restrictions: {},
    };
    const repository = new TenantRepository(poster.container, seed);
    await repository.create<Organization>('organization', tenantId, {
      slug: tenantId,
      name: tenantId,
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
    });
    const cash = (await createAccount(poster, seed, { code: '1000', name: 'Cash', type: 'asset' })).id;
    const sales = (await createAccount(poster, seed, { code: '4000', name: 'Sales', type: 'revenue' })).id;
    const organization = (await readStoredOrganization(repository))!;
    const request = (): TenantContext => ({ ...seed, organization });
    return { repository, cash, sales, request };
  }

  it(`ends every one of ${rounds} races consistently: the post or the change wins, never both`, async () => {
    // Which side wins depends on the machine's load (loaded, the change tends to win every round;
    // idle, both orders occur); the rule holds either way.
    for (let round = 0; round < rounds; round += 1) {
      const books = await newOrganization();
      const postContext = books.request();
      const adminContext = books.request();
      // February is inside books starting in January, before books starting in March.
      const [post, change] = await Promise.allSettled([
        sleep(round % 5).then(() =>
          createAndPostEntry(poster, postContext, {
            date: '2026-02-10',
            memo: 'first post',
            currency: 'USD',
            lines: [
              { accountId: books.cash, side: 'debit', amount: '5.00' },
              { accountId: books.sales, side: 'credit', amount: '5.00' },
            ],
          }),
        ),
        sleep((round * 2) % 5).then(() =>
          changeOrganizationSettings(admin, adminContext, { booksStartMonth: '2026-03' }),
        ),
      ]);
      const stored = (await readStoredOrganization(books.repository))!;
      const posted = await books.repository.queryAll(journalEntryType, { where: "c.status = 'posted'" });
      if (post.status === 'fulfilled') {
        expect(change.status, `round ${round}: the change was accepted after a post`).toBe('rejected');
        const refusal = (change as PromiseRejectedResult).reason as Error;
        expect(refusal).toBeInstanceOf(ConflictError);
        expect(refusal.message).toMatch(/already posted.*booksStartMonth can no longer change/);
        expect(stored.booksStartMonth).toBe('2026-01');
        expect(posted).toHaveLength(1);
      } else {
        expect(change.status, `round ${round}: ${String(post.reason)}`).toBe('fulfilled');
        const refusal = post.reason as ValidationError;
        expect(refusal).toBeInstanceOf(ValidationError);
        expect(refusal.problems).toContainEqual({ field: 'date', reason: 'the date is before the start of the books' });
        expect(stored.booksStartMonth).toBe('2026-03');
        expect(posted).toHaveLength(0);
      }
    }
  }, 120_000);
});
