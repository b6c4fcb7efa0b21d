/**
 * Executes an approved run, driven by queue messages: a state machine persisted after every step
 * (file → post → notify → release → finalize), each step idempotent with fixed ids, so a duplicate
 * delivery, a crash between any two steps or a retry after a timeout resumes where it stopped.
 * Work is done in chunks (vendors posted a group at a time, emails and reservations a batch at a
 * time) with the cursor saved after each, and a delivery that nears its time limit hands the rest
 * to a new message.
 */
import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { lostRace } from '../platform/data/retry';
import { queueNames } from '../platform/queues/queue-names';
import { readCompanyBankSettings } from './bank-settings';
import { readPayments, type PaymentRun, type RunPayment } from './payment-run';
import { runAudit } from './payment-runs';
import { sendRemittances } from './remittance-advice';
import type { RunDependencies, RunMessage } from './run-dependencies';
import { buildRunFile } from './run-file-step';
import { releaseReservations } from './run-reservations';
import type { RunExecution, RunStore } from './run-store';
import { postVendorPayment } from './vendor-postings';

/** Vendors posted at once: the posting lane groups them into shared batches. */
const postingGroup = 20;
/** Well inside the 5-minute function timeout: what is left goes to the next message. */
export const deliveryBudgetMs = 4 * 60_000;

export const systemContext = (tenantId: string): TenantContext => ({
  tenantId,
  actor: { id: 'system:payment-runs', kind: 'system' },
});

/** Payments the file pays, in proposal order: what is posted, paid and advised. */
export const paidPayments = (run: PaymentRun, payments: readonly RunPayment[]) => {
  const left = new Set(run.excluded.map((each) => each.vendorId));
  return payments.filter((payment) => !left.has(payment.vendorId));
};

export async function advancePaymentRun(
  deps: RunDependencies,
  message: RunMessage,
  options: { readonly budgetMs?: number } = {},
): Promise<'finalized' | 'continues' | 'nothing to do'> {
  const context = systemContext(message.tenantId);
  const store = deps.storeFor(context);
  const started = Date.now();
  let payments: RunPayment[] | undefined;
  for (;;) {
    const run = await store.findRun(message.runId);
    if (!run || (run.state !== 'approved' && run.state !== 'processing')) return 'nothing to do';
    if (Date.now() - started > (options.budgetMs ?? deliveryBudgetMs)) {
      await deps.queues.send(queueNames.paymentRuns, { ...message });
      return 'continues';
    }
    payments ??= await readPayments(store, run);
    try {
      if (await step(deps, { context, store }, run, payments)) return 'finalized';
    } catch (error) {
      // Another delivery moved the run on (or wrote the same fixed-id record) meanwhile: read it again and carry on.
      if (!lostRace(error)) throw error;
    }
  }
}

/** Saves the run's next state under its ETag, with an audit record when the step says so. */
async function persist(
  deps: RunDependencies,
  store: RunStore,
  run: Stored<PaymentRun>,
  next: PaymentRun,
  audit?: { action: string; details: Record<string, string | number> },
): Promise<void> {
  await store.saveRun({ current: run, next }, audit && runAudit(run.id, audit.action, audit.details));
  deps.atBoundary?.(`${next.step ?? next.state}:${next.cursor.posted}:${next.cursor.notified}`);
}

async function step(
  deps: RunDependencies,
  { context, store }: RunExecution,
  run: Stored<PaymentRun>,
  payments: readonly RunPayment[],
): Promise<boolean> {
  if (run.state === 'approved') {
    await persist(deps, store, run, { ...run, state: 'processing', step: 'file' });
    return false;
  }
  const paid = paidPayments(run, payments);
  switch (run.step) {
    case 'file': {
      const built = await buildRunFile(deps, { context, store }, run, payments);
      const { document } = built;
      const file = document
        ? {
            documentId: document.id,
            sha256: document.sha256,
            size: document.size,
            entries: built.entries,
            totalMinor: built.totalMinor.toString(),
          }
        : null;
      for (const prenote of built.prenotes)
        await deps.payables.prenoteSent(context, prenote.vendorId, prenote.bankAccountId, run.payDate);
      await persist(
        deps,
        store,
        run,
        { ...run, step: 'post', file, excluded: built.excluded, accounts: built.accounts },
        {
          action: 'payment-runs.file-stored',
          details: {
            documentId: file?.documentId ?? 'none',
            sha256: file?.sha256 ?? 'none',
            entries: file?.entries ?? 0,
          },
        },
      );
      return false;
    }
    case 'post': {
      const group = paid.slice(run.cursor.posted, run.cursor.posted + postingGroup);
      if (group.length === 0) {
        await persist(deps, store, run, { ...run, step: 'notify' });
        return false;
      }
      const settings = await readCompanyBankSettings(store);
      await Promise.all(
        group.map((payment) =>
          postVendorPayment(deps, store, {
            runId: run.id,
            payDate: run.payDate,
            payment,
            settings,
            account: run.accounts[payment.vendorId],
          }),
        ),
      );
      deps.atBoundary?.(`post:effect:${run.cursor.posted}`);
      await persist(deps, store, run, {
        ...run,
        cursor: { ...run.cursor, posted: run.cursor.posted + group.length },
      });
      return false;
    }
    case 'notify': {
      const done = await sendRemittances(deps, { context, store }, run, paid);
      deps.atBoundary?.(`notify:effect:${run.cursor.notified}`);
      await persist(deps, store, run, {
        ...run,
        step: done.finished ? 'release' : 'notify',
        cursor: { ...run.cursor, notified: done.cursor },
      });
      return false;
    }
    case 'release': {
      await releaseReservations(
        store,
        run.id,
        payments.flatMap((p) => p.bills.map((b) => b.billId)),
      );
      await persist(deps, store, run, { ...run, step: 'finalize' });
      return false;
    }
    default: {
      await persist(
        deps,
        store,
        run,
        { ...run, state: 'finalized', step: null },
        {
          action: 'payment-runs.finalized',
          details: { sha256: run.file?.sha256 ?? 'none', total: run.file?.totalMinor ?? '0', vendors: paid.length },
        },
      );
      return true;
    }
  }
}
