import { formatAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { ConflictError } from '../platform/errors';
import { storeGeneratedDocument } from '../platform/documents/document-store';
import type { EmailToSend } from '../platform/email/email-message';
import { dispatchOutbox } from '../platform/outbox/outbox-record';
import { renderCustomerStatementPdf } from '../platform/pdf/customer-statement';
import type { ReceivablesDependencies } from './receivables-dependencies';
import type { ReceivablesStore } from './receivables-store';
import { deliveryIds, type StatementDelivery, type StatementRun } from './statement-run';
import { buildStatement, statementDocument } from './statements';

type Skip = Pick<StatementDelivery, 'reason'> & Partial<StatementDelivery>;

/**
 * Sends one customer's statement of a run, at most once: the delivery record (fixed id), the
 * email's outbox record (fixed id) and nothing else are one transaction, so a second delivery of
 * the same run, or two at once, leave one email. A customer deleted since the run started, one
 * with nothing to report (or nothing overdue, when the run asks), and one whose every address is
 * suppressed are skipped, each with its reason on the record.
 */
export async function deliverStatement(
  deps: ReceivablesDependencies,
  context: TenantContext,
  store: ReceivablesStore,
  organizationName: string,
  run: StatementRun & { readonly id: string },
  customerId: string,
): Promise<void> {
  const ids = deliveryIds(run.id, customerId);
  if (await store.hasDelivery(ids.delivery)) return;
  const record = (fields: Skip | StatementDelivery): StatementDelivery => ({
    runId: run.id,
    customerId,
    state: 'skipped',
    to: [],
    suppressed: [],
    outboxId: null,
    documentId: null,
    closingMinor: null,
    ...fields,
  });
  const step = (boundary: string) => deps.atBoundary?.(`statement:${boundary}`);
  // A crash after the commit and before the dispatch leaves the email pending: the outbox sweeper sends it.
  const write = async (delivery: StatementDelivery, email?: EmailToSend) => {
    const staged = email ? { message: email, outboxId: ids.outbox } : undefined;
    // Recorded already (a second delivery of the run, or one at the same time): nothing more to do.
    const recorded = await store.recordStatementDelivery(ids.delivery, delivery, staged).then(
      (ticket) => ({ ticket }),
      (error: unknown) => {
        if (error instanceof ConflictError) return undefined;
        throw error;
      },
    );
    if (!recorded) return;
    step(recorded.ticket ? 'committed' : 'skipped');
    if (!recorded.ticket) return;
    await dispatchOutbox(deps.queues, [recorded.ticket]);
    step('dispatched');
  };
  const customer = await store.findCustomer(customerId);
  if (!customer || customer.deleted) return write(record({ reason: 'customer deleted' }));
  const statement = await buildStatement(store, customerId, run.from, run.to);
  const closingMinor = statement.closingMinor.toString();
  if (statement.lines.length === 0 && statement.closingMinor === 0n)
    return write(record({ reason: 'no activity and no balance', closingMinor }));
  if (run.overdueOnly && statement.overdueMinor <= 0n)
    return write(record({ reason: 'nothing overdue', closingMinor }));
  const suppressed = await store.suppressedAmong(customer.billingEmails);
  const to = customer.billingEmails.filter((address) => !suppressed.includes(address));
  if (to.length === 0)
    return write(record({ reason: 'every address suppressed after a bounce', suppressed, closingMinor }));
  const filename = `statement-${run.to}.pdf`;
  const pdf = await renderCustomerStatementPdf(
    { name: organizationName },
    statementDocument(statement),
    deps.clock.now(),
  );
  const document = await storeGeneratedDocument(
    deps,
    context,
    {
      kind: 'customer-statement',
      id: ids.document,
      contentType: 'application/pdf',
      filename,
      owner: { type: 'statement-run', id: run.id },
    },
    pdf,
  );
  step('document-stored');
  const delivery = record({
    state: 'sent',
    reason: null,
    to,
    suppressed,
    outboxId: ids.outbox,
    documentId: document.id,
    closingMinor,
  });
  await write(delivery, {
    to,
    subject: `Statement from ${organizationName}, ${run.from} to ${run.to}`,
    textBody: [
      `Dear ${customer.name},`,
      `your statement for ${run.from} to ${run.to} is attached. Balance due: ${statement.currency} ${formatAmount(statement.closingMinor, statement.currency)}.`,
      organizationName,
    ].join('\n\n'),
    attachments: [{ documentId: document.id, kind: 'customer-statement', filename, size: document.size }],
    purpose: 'customer-statement',
  });
}
