import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../shared/ledger/accounts';
import { getCompanyBankSettings, setCompanyBankSettings } from '../../shared/payment-runs/bank-settings';
import { companyBankSettingsInput } from '../../shared/payment-runs/bank-settings-schemas';
import type { TenantContext } from '../../shared/platform/actor';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { containers } from '../../shared/platform/data/containers';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { withRunStores, type RunStores } from '../../shared/payment-runs/run-dependencies';
import { ForbiddenError, ValidationError } from '../../shared/platform/errors';
import { createTestDatabase } from '../harness/cosmos';
import { CosmosClient } from '@azure/cosmos';
import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';

describe('company bank settings', () => {
  let deps: RunStores;
  beforeAll(async () => {
    const db = await createTestDatabase();
    const client = new CosmosClient({ endpoint: db.endpoint, key: db.key });
    deps = withRunStores({
      container: client.database(db.name).container(containers.tenantData.name),
      clock: { now: () => new Date() },
      ids: { newId: () => randomUUID() },
    });
  });

  async function organisation() {
    const context: TenantContext = {
      tenantId: `org-${randomUUID().slice(0, 8)}`,
      actor: { id: 'banker-1', kind: 'member' },
      restrictions: {},
    };
    await new TenantRepository(deps.container, context).create('organization', context.tenantId, {
      slug: context.tenantId,
      name: 'Bank settings',
      baseCurrency: 'USD',
      fiscalYearStartMonth: 1,
      booksStartMonth: '2026-01',
    });
    const cash = (
      await createAccount(ledgerDependencies(deps), context, { code: '1000', name: 'Operating cash', type: 'asset' })
    ).id;
    const discounts = (
      await createAccount(ledgerDependencies(deps), context, { code: '4900', name: 'Discounts', type: 'revenue' })
    ).id;
    const payable = (
      await createAccount(ledgerDependencies(deps), context, { code: '2000', name: 'AP', type: 'liability' })
    ).id;
    const input = companyBankSettingsInput.parse({
      originatingRoutingNumber: '121042882',
      immediateDestination: '231380104',
      immediateDestinationName: 'Federal Reserve Bank',
      immediateOrigin: '121042882',
      immediateOriginName: 'Our Bank',
      companyName: 'Acme Ltd',
      companyIdentification: '1234567890',
      apCashAccountId: cash,
      discountAccountId: discounts,
    });
    return { context, input, payable };
  }

  it('reads as null until a banking admin sets them', async () => {
    const { context } = await organisation();
    expect(await getCompanyBankSettings(deps, context)).toEqual({ settings: null });
  });

  it('keeps the settings and audits each change with what it was and what it became', async () => {
    const { context, input } = await organisation();
    await setCompanyBankSettings(deps, context, input);
    const changed = await setCompanyBankSettings(deps, context, { ...input, companyName: 'Acme Holdings' });
    expect(changed).toMatchObject({ companyName: 'Acme Holdings', updatedBy: 'banker-1' });
    expect(await getCompanyBankSettings(deps, context)).toEqual({ settings: changed });
    const audit = await new TenantRepository(deps.container, context).queryAll<AuditRecord>(auditRecordType, {
      where: "c.action = 'payment-runs.bank-settings-changed'",
      orderBy: 'c.sequence ASC',
    });
    expect(audit).toHaveLength(2);
    expect(audit[0]?.details).toMatchObject({ before: null });
    expect(JSON.parse(String(audit[1]?.details?.before))).toMatchObject({ companyName: 'Acme Ltd' });
    expect(JSON.parse(String(audit[1]?.details?.after))).toMatchObject({ companyName: 'Acme Holdings' });
  });

  it('refuses a routing number whose check digit is wrong, and text NACHA cannot carry', () => {
    const base = {
      originatingRoutingNumber: '121042883',
      immediateDestination: '231380104',
      immediateDestinationName: 'Fed',
      immediateOrigin: '121042882',
      immediateOriginName: 'Ours',
      companyName: 'Acme',
      companyIdentification: '1234567890',
      apCashAccountId: 'account-1',
      discountAccountId: null,
    };
    expect(companyBankSettingsInput.safeParse(base).success).toBe(false);
    expect(companyBankSettingsInput.safeParse({ ...base, originatingRoutingNumber: '121042882' }).success).toBe(true);
    expect(
      companyBankSettingsInput.safeParse({ ...base, originatingRoutingNumber: '121042882', companyName: 'Société' })
        .success,
    ).toBe(false);
  });

  it('credits payments only to an asset account the organisation has', async () => {
    const { context, input, payable } = await organisation();
    await expect(setCompanyBankSettings(deps, context, { ...input, apCashAccountId: payable })).rejects.toThrow(
      ValidationError,
    );
    await expect(
      setCompanyBankSettings(deps, context, { ...input, apCashAccountId: 'account-unknown' }),
    ).rejects.toThrow(ValidationError);
  });

  it('is not for a member restricted to some facilities', async () => {
    const { context, input } = await organisation();
    const restricted = { ...context, restrictions: { facilities: ['F1'] } };
    await expect(setCompanyBankSettings(deps, restricted, input)).rejects.toThrow(ForbiddenError);
    await expect(getCompanyBankSettings(deps, restricted)).rejects.toThrow(ForbiddenError);
  });
});
