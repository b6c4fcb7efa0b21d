import { expect } from 'vitest';
import { journalEntryType, type JournalEntry } from '../../shared/ledger/journal-entry';
import { billType, type Bill } from '../../shared/payables/bill';
import { runKey } from '../../shared/payment-runs/payment-run';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { documentType, type DocumentRecord } from '../../shared/platform/documents/document-record';
import { outboxType } from '../../shared/platform/outbox/outbox-record';
import type { RunBooks } from './run-books';

/** What a run left in the organisation's partition, counted from the records themselves. */
export async function runOutcome(books: RunBooks, runId: string) {
  const repository = new TenantRepository(books.deps.container, books.clerk);
  const key = runKey(runId);
  const files = (await repository.queryAll<DocumentRecord>(documentType)).filter(
    (document) => document.kind === 'payment-file' && document.owner?.id === runId,
  );
  const entries = (await repository.queryAll<JournalEntry>(journalEntryType)).filter(
    (entry) => entry.reference === runId,
  );
  const emails = (await repository.queryAll(outboxType)).filter((record) => record.id.startsWith(`outbox-run-${key}-`));
  const payments = (
    await repository.queryAll<{
      paymentId: string;
      billId: string;
      account: { maskedAccount: string } | null;
      returned: unknown;
    }>('bill-payment')
  ).filter((payment) => payment.paymentId === key);
  const audit = await repository.queryAll<AuditRecord>(auditRecordType, {
    where: 'c.target.id = @id',
    parameters: [{ name: '@id', value: runId }],
  });
  return { files, entries, emails, payments, audit, repository };
}

/** Exactly once: one file, one posted entry per paid vendor, each bill paid once, one email per vendor with an address. */
export async function expectPaidOnce(
  books: RunBooks,
  runId: string,
  expected: { vendors: number; bills: number; emails: number },
) {
  const outcome = await runOutcome(books, runId);
  expect(outcome.files, 'payment files').toHaveLength(1);
  expect(outcome.entries.filter((entry) => entry.reversalOf === null && entry.status === 'posted')).toHaveLength(
    expected.vendors,
  );
  expect(outcome.entries.filter((entry) => entry.reversalOf !== null)).toHaveLength(0);
  expect(outcome.payments).toHaveLength(expected.bills);
  expect(new Set(outcome.payments.map((payment) => payment.billId)).size).toBe(expected.bills);
  // Payment history keeps the account paid into, masked: it outlives a purge of the account.
  expect(outcome.payments.every((payment) => payment.account?.maskedAccount.startsWith('••••'))).toBe(true);
  for (const payment of outcome.payments) {
    const bill = await outcome.repository.get<Bill>(billType, payment.billId);
    expect(bill.settled, `bill ${bill.billNumber} paid in full once`).toBe(true);
    expect(BigInt(bill.paidMinor)).toBe(BigInt(bill.totalMinor));
  }
  expect(outcome.emails).toHaveLength(expected.emails);
  expect(outcome.audit.filter((record) => record.action === 'payment-runs.finalized')).toHaveLength(1);
  return outcome;
}
