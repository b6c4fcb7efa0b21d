/**
 * A remittance advice per paid vendor, through the platform's email outbox (which skips
 * suppressed addresses): staged with a fixed outbox id per run and vendor, so a repeated step
 * stages nothing twice and each vendor gets one email. A batch of vendors at a time.
 */
import { formatAmount } from '../ledger/money';
import { dispatchOutbox } from '../platform/outbox/outbox-record';
import type { Stored } from '../platform/data/stored-document';
import { readCompanyBankSettings } from './bank-settings';
import { paymentAmount, runCurrency, runKey, type PaymentRun, type RunPayment } from './payment-run';
import type { RunDependencies } from './run-dependencies';
import type { Remittance, RunExecution } from './run-store';

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
  { context, store }: RunExecution,
  run: Stored<PaymentRun>,
  paid: readonly RunPayment[],
): Promise<{ finished: boolean; cursor: number }> {
  const slice = paid.slice(run.cursor.notified, run.cursor.notified + vendorsPerBatch);
  const vendors = await deps.payables.vendors(
    context,
    slice.map((payment) => payment.vendorId),
  );
  const { companyName } = await readCompanyBankSettings(store);
  const remittances: Remittance[] = slice.flatMap((payment) => {
    const to = vendors.get(payment.vendorId)?.remittanceEmail;
    if (!to) return [];
    const email = {
      to: [to],
      subject: `Remittance advice: payment of ${formatAmount(paymentAmount(payment, 'amountMinor'), runCurrency)} USD on ${run.payDate}`,
      textBody: adviceText(run, payment, companyName),
      purpose: 'payment-remittance',
    };
    return [{ outboxId: remittanceOutboxId(run.id, payment.vendorId), email }];
  });
  const tickets = await store.stageRemittances(remittances);
  await dispatchOutbox(deps.queues, tickets);
  const cursor = run.cursor.notified + slice.length;
  return { finished: cursor >= paid.length, cursor };
}
