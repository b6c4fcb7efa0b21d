import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { apAging } from '../shared/payables/ap-aging';
import { withPayablesStore } from '../shared/payables/payables-dependencies';
import { billType, newBillState, type Bill } from '../shared/payables/bill';
import { vendorType, type Vendor } from '../shared/payables/vendor';
import { randomIds, systemClock } from '../shared/platform/clock';
import { containers } from '../shared/platform/data/containers';
import { TenantRepository } from '../shared/platform/data/tenant-repository';

const bills = 10_000;
const vendors = 1_000;

const vendorOf = (n: number): Vendor => ({
  name: `Vendor ${String(n).padStart(4, '0')}`,
  nameKey: `vendor ${String(n).padStart(4, '0')}`,
  legalName: null,
  taxIdCiphertext: null,
  individual: false,
  remittanceEmail: null,
  contacts: [],
  address: null,
  terms: { netDays: 30, discountBasisPoints: null, discountDays: null },
  defaultExpenseAccountId: null,
  facility: null,
  division: null,
  active: true,
  deleted: false,
});

/** A posted, unpaid bill, due somewhere in the 150 days before the aging date. */
function billOf(n: number, vendorId: string): Bill {
  const due = new Date(Date.parse('2026-06-30') - (n % 150) * 86_400_000).toISOString().slice(0, 10);
  const amount = String(1_000 + (n % 97) * 113);
  return {
    kind: 'bill',
    vendorId,
    billNumber: `B-${n}`,
    billDate: '2026-01-15',
    dueDate: due,
    discountBasisPoints: null,
    discountUntil: null,
    currency: 'USD',
    lines: [{ accountId: 'account-expense', amountMinor: amount, facility: null, division: null, memo: null }],
    taxMinor: '0',
    totalMinor: amount,
    ...newBillState,
    status: 'posted',
    documentId: null,
    memo: null,
    drafters: ['bench'],
    submittedBy: 'bench',
    approvedBy: 'bench-approver',
  };
}

/**
 * AP aging over 10,000 open bills of 1,000 vendors: the bills are written straight into one
 * organisation's partition (100 per batch), then the aging service runs as a request would.
 */
export async function printPayablesAgingBench(cosmos: { endpoint: string; key: string }): Promise<void> {
  const container = new CosmosClient(cosmos).database('bench').container(containers.tenantData.name);
  const tenantId = `org-aging-${randomUUID().slice(0, 8)}`;
  const context = { tenantId, actor: { id: 'system:bench', kind: 'system' as const } };
  const repository = new TenantRepository(container, context, systemClock);
  await repository.create('organization', tenantId, {
    slug: tenantId,
    name: 'Aging bench',
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    booksStartMonth: '2026-01',
  });
  const vendorIds = Array.from({ length: vendors }, (_, n) => `vendor-${n}`);
  for (let start = 0; start < vendors; start += 100) {
    const transaction = repository.transaction();
    for (let n = start; n < start + 100; n += 1) transaction.create(vendorType, vendorIds[n]!, vendorOf(n));
    await transaction.commit();
  }
  for (let start = 0; start < bills; start += 100) {
    const transaction = repository.transaction();
    for (let n = start; n < start + 100; n += 1)
      transaction.create(billType, `bill-${n}`, billOf(n, vendorIds[n % vendors]!));
    await transaction.commit();
  }
  const deps = { container, clock: systemClock, ids: randomIds };
  const timed = async () => {
    const started = performance.now();
    const report = await apAging(withPayablesStore(deps), context, {
      asOf: '2026-06-30',
      buckets: [30, 60, 90],
      format: 'json',
    });
    return { report, ms: performance.now() - started };
  };
  const runs = [await timed(), await timed(), await timed()];
  const { report } = runs[0]!;
  const times = runs.map((run) => run.ms);
  console.log(
    `\nAP aging of ${bills.toLocaleString()} open bills across ${vendors.toLocaleString()} vendors: ${report.documentsRead.toLocaleString()} documents read, ${Math.min(...times).toFixed(0)} ms (best of 3; ${times.map((t) => t.toFixed(0)).join(', ')} ms), total ${report.totals.total} ${report.currency}`,
  );
}
