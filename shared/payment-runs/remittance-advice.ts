/**
 * A remittance advice per paid vendor, through the platform's email outbox (which skips
 * suppressed addresses): staged with a fixed outbox id per run and vendor, so a repeated step
 * stages nothing twice and each vendor gets one email. A batch of vendors at a time.
 */
import { formatAmount } from '../ledger/money';
import { stageEmail } from '../platform/email/email-message';
import { dispatchOutbox, outboxType, type OutboxTicket } from '../platform/outbox/outbox-record';
import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository } from '../platform/data/tenant-repository';
import { paymentAmount, runCurrency, runKey, type PaymentRun, type RunPayment } from './payment-run';
import type { RunDependencies } from './run-dependencies';

const vendorsPerBatch = 25;
export const remittanceOutboxId = (runId: string, vendorId: string) =>
  `outbox-run-${runKey(runId)}-${vendorId.slice('vendor-'.length)}`;

function adviceText(run: PaymentRun, payment: RunPayment, companyName: string): string {
  const usd = (minor: bigint | string) => formatAmount(BigInt(minor), runCurrency);
  const lines = payment.bills.map(
    (bill) =>
      `  ${bill.billNumber}  paid ${usd(bill.amountMinor)} USD${BigInt(bill.discountMinor) > 0n ? `, discount ${usd(bill.discountMinor)}` : ''}`,
  );
  return [
    `${companyName} is paying ${usd(paymentAmount(payment, 'amountMinor'))} USD to ${payment.vendorName} by ACH, effective ${run.payDate}.`,
    '',
    'Invoices paid:',
    ...lines,
  ].join('\n');
}

export async function sendRemittances(
  deps: RunDependencies,
  repository: TenantRepository,
  run: Stored<PaymentRun>,
  paid: readonly RunPayment[],
): Promise<{ finished: boolean; cursor: number }> {
  const slice = paid.slice(run.cursor.notified, run.cursor.notified + vendorsPerBatch);
  const vendors = await deps.payables.vendors(
    repository.context,
    slice.map((payment) => payment.vendorId),
  );
  const { companyName } = await repository.get<{ companyName: string }>(
    'company-bank-settings',
    'company-bank-settings',
  );
  const transaction = repository.transaction();
  const tickets: OutboxTicket[] = [];
  for (const payment of slice) {
    const to = vendors.get(payment.vendorId)?.remittanceEmail;
    const id = remittanceOutboxId(run.id, payment.vendorId);
    if (!to || (await repository.find(outboxType, id))) continue;
    const email = {
      to: [to],
      subject: `Remittance advice: payment of ${formatAmount(paymentAmount(payment, 'amountMinor'), runCurrency)} USD on ${run.payDate}`,
      textBody: adviceText(run, payment, companyName),
      purpose: 'payment-remittance',
    };
    tickets.push(stageEmail(transaction, deps.ids, email, { id }));
  }
  await transaction.commit();
  await dispatchOutbox(deps.queues, tickets);
  const cursor = run.cursor.notified + slice.length;
  return { finished: cursor >= paid.length, cursor };
}
