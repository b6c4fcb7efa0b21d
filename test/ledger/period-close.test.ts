import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LedgerDependencies } from '../../shared/ledger/accounts';
import { closePeriod } from '../../shared/ledger/period-close';
import type { TenantContext } from '../../shared/platform/actor';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { ConflictError, ValidationError } from '../../shared/platform/errors';
import { testLedgerDependencies } from '../harness/counted-ledger';
import { createTestDatabase } from '../harness/cosmos';

describe('closing a month', () => {
  it('waits until the month has ended by the injected clock, to the millisecond', async () => {
    const db = await createTestDatabase();
    const context: TenantContext = {
      tenantId: `org-${randomUUID().slice(0, 8)}`,
      actor: { id: 'm', kind: 'member' },
      restrictions: {},
    };
    await new TenantRepository(db.containers.tenantData, context).create('organization', context.tenantId, {
      slug: 'c',
      name: 'C',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-10',
    });
    const at = (iso: string): LedgerDependencies => testLedgerDependencies(db, iso);

    await expect(closePeriod(at('2026-10-15T12:00:00Z'), context, '2026-10')).rejects.toThrow(ConflictError);
    await expect(closePeriod(at('2026-10-31T23:59:59.999Z'), context, '2026-10')).rejects.toThrow(/has not ended/);
    await expect(closePeriod(at('2026-11-01T00:00:00.000Z'), context, '2026-10')).resolves.toMatchObject({
      month: '2026-10',
      status: 'closed',
    });
    await expect(closePeriod(at('2030-01-01T00:00:00Z'), context, '0000-01')).rejects.toThrow(ValidationError);
  });
});
