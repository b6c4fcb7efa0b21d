/**
 * The first step of execution: ask payables, vendor by vendor, whether their bank account may be
 * paid now (checked when the file is built, not when the account was edited), write the NACHA file, store it in the document store under the
 * run's own id (immutable), and record its SHA-256 in the run and the audit log in one batch. A
 * retry after a crash finds the stored file and reads back which payments it holds with our
 * parser, so the run always says what the file says.
 */
import { findDocument } from '../platform/documents/document-reads';
import { storeGeneratedDocument } from '../platform/documents/document-store';
import { readCompanyBankSettings } from './bank-settings';
import { parseNacha } from './nacha/nacha-parser';
import { writeNacha } from './nacha/nacha-writer';
import { buildPaymentFile, type PaymentEntry } from './nacha/payment-file';
import { runKey, type PaymentRun, type RunPayment } from './payment-run';
import type { BankAccountUse, PaidAccount } from './payables-port';
import type { RunDependencies } from './run-dependencies';
import type { RunExecution } from './run-store';
import type { Stored } from '../platform/data/stored-document';
import type { DocumentRecord } from '../platform/documents/document-record';

export const paymentFileId = (runId: string) => `document-payment-file-${runKey(runId)}`;
/** An entry's identification number names the payment by its place in the run (P0, P1...); prenotes by their account. */
const paymentReference = (index: number) => `P${index}`;

export interface BuiltFile {
  /** None when no vendor may be paid and no prenote is due: there is nothing to send. */
  readonly document: Stored<DocumentRecord> | null;
  readonly excluded: PaymentRun['excluded'];
  readonly entries: number;
  readonly totalMinor: bigint;
  readonly accounts: Record<string, PaidAccount>;
  readonly prenotes: readonly { readonly vendorId: string; readonly bankAccountId: string }[];
}

export async function buildRunFile(
  deps: RunDependencies,
  { context, store }: RunExecution,
  run: Stored<PaymentRun>,
  payments: readonly RunPayment[],
): Promise<BuiltFile> {
  const vendorIds = payments.map((payment) => payment.vendorId);
  const vendors = await deps.payables.vendors(context, vendorIds);
  const now = deps.clock.now();
  const uses: BankAccountUse[] = [];
  for (let start = 0; start < payments.length; start += 50)
    uses.push(
      ...(await Promise.all(
        payments.slice(start, start + 50).map((p) => deps.payables.bankAccountUse(context, p.vendorId, now)),
      )),
    );
  const entries: PaymentEntry[] = [];
  const reasons = new Map<number, string>();
  const prenotes: { vendorId: string; bankAccountId: string }[] = [];
  const accounts: Record<string, PaidAccount> = {};
  payments.forEach((payment, index) => {
    const vendor = vendors.get(payment.vendorId);
    const decision = uses[index]!;
    const base = { receiver: vendor?.individual ? 'individual' : 'business', name: payment.vendorName } as const;
    if (!vendor) reasons.set(index, 'vendor no longer active');
    else if (!decision.usable) {
      reasons.set(index, decision.reason);
      if (decision.prenoteDue) {
        prenotes.push({ vendorId: payment.vendorId, bankAccountId: decision.prenoteDue.bankAccountId });
        entries.push({
          ...base,
          ...numbers(decision.prenoteDue),
          reference: `N${index}`,
          amountMinor: 0n,
          invoiceNumbers: [],
          prenote: true,
        });
      }
    } else {
      const { bankAccountId, maskedAccount, fingerprint } = decision;
      accounts[payment.vendorId] = { bankAccountId, maskedAccount, fingerprint };
      const amountMinor = payment.bills.reduce((sum, bill) => sum + BigInt(bill.amountMinor), 0n);
      const invoiceNumbers = payment.bills.map((bill) => bill.billNumber);
      entries.push({
        ...base,
        ...numbers(decision),
        reference: paymentReference(index),
        amountMinor,
        invoiceNumbers,
        prenote: false,
      });
    }
  });
  const reasonOf = (payment: RunPayment, index: number) => ({
    vendorId: payment.vendorId,
    vendorName: payment.vendorName,
    reason: reasons.get(index) ?? 'left out when the file was built',
  });
  const existing = await findDocument(deps, context, 'payment-file', paymentFileId(run.id));
  if (!existing && entries.length === 0)
    return { document: null, excluded: payments.map(reasonOf), entries: 0, totalMinor: 0n, prenotes, accounts };
  const settings = await readCompanyBankSettings(store);
  const text = writeNacha(
    buildPaymentFile({
      originator: settings,
      createdAt: now,
      payDate: run.payDate,
      fileIdModifier: 'A',
      referenceCode: runKey(run.id).slice(0, 8),
      entries,
    }),
  );
  const document =
    existing ??
    (await storeGeneratedDocument(
      deps,
      context,
      {
        kind: 'payment-file',
        id: paymentFileId(run.id),
        contentType: 'text/plain',
        filename: `payment-run-${run.payDate}-${runKey(run.id).slice(0, 8)}.ach`,
        owner: { type: 'payment-run', id: run.id },
      },
      Buffer.from(text, 'ascii'),
    ));
  deps.atBoundary?.('file:stored');
  // What was stored first wins (a retry adopts it): the run records what the stored bytes hold.
  const stored = await storedEntries(deps, document);
  const excluded = payments.flatMap((payment, index) =>
    stored.paid.has(paymentReference(index)) ? [] : [reasonOf(payment, index)],
  );
  return { document, excluded, entries: stored.count, totalMinor: stored.totalMinor, prenotes, accounts };
}

function numbers(account: { routingNumber: string; accountNumber: string; accountType: 'checking' | 'savings' }) {
  return {
    routingNumber: account.routingNumber,
    accountNumber: account.accountNumber,
    accountType: account.accountType,
  };
}

function entriesOf(text: string) {
  const file = parseNacha(text);
  const all = file.batches.flatMap((batch) => batch.entries);
  const paid = new Set(all.filter((entry) => entry.amount > 0n).map((entry) => entry.identificationNumber));
  return { paid, count: all.length, totalMinor: file.control.totalCredit };
}

async function storedEntries(deps: RunDependencies, document: Stored<DocumentRecord>) {
  const bytes = await deps.blobs
    .getContainerClient(document.container)
    .getBlockBlobClient(document.path)
    .downloadToBuffer();
  return entriesOf(bytes.toString('ascii'));
}
