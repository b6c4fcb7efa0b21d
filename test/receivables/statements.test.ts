import { randomUUID } from 'node:crypto';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../local/stand-ins/postmark/server';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { deliverEmail } from '../../shared/platform/email/email-delivery';
import { stageSuppression } from '../../shared/platform/email/email-suppression';
import { createPostmarkSender } from '../../shared/platform/email/postmark-sender';
import { outboxType, type OutboxRecord } from '../../shared/platform/outbox/outbox-record';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { arAging } from '../../shared/receivables/aging';
import { deleteCustomer } from '../../shared/receivables/customers';
import { issueInvoice } from '../../shared/receivables/invoice-issue';
import { recordReceipt } from '../../shared/receivables/receipts';
import type { ReceivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { processStatementRun, startStatementRun, statementRunReport } from '../../shared/receivables/statement-runs';
import { customerStatement, customerStatementPdf } from '../../shared/receivables/statement-views';
import { openReceivablesBooks, receivablesDependencies, type ReceivablesBooks } from './receivables-books';

describe('customer statements and statement runs', () => {
  let deps: ReceivablesDependencies;
  let postmark: PostmarkStandIn;
  const serverToken = randomUUID();
  beforeAll(async () => {
    deps = await receivablesDependencies();
    postmark = await startPostmarkStandIn({ serverToken });
  });
  afterAll(() => postmark.stop());

  async function statementEmails(books: ReceivablesBooks) {
    return new TenantRepository(deps.container, books.context).queryAll<
      OutboxRecord<{ to: string[]; purpose: string }>
    >(outboxType, { where: "c.payload.purpose = 'customer-statement'" });
  }

  it('shows opening balance, activity and closing balance; the closing balance equals the aging for the customer that day', async () => {
    const books = await openReceivablesBooks(deps);
    const customer = await books.customer({ name: 'Statement Co', paymentTerms: 'net-15' });
    await issueInvoice(deps, books.context, await books.draft(customer, { issueDate: '2026-01-20' }));
    const second = await issueInvoice(deps, books.context, await books.draft(customer, { issueDate: '2026-02-05' }));
    await recordReceipt(deps, books.context, {
      customerId: customer,
      date: '2026-02-18',
      amount: '70.00',
      applications: [{ invoiceId: second.id, amount: '58.50' }],
    });
    const statement = await customerStatement(deps, books.context, customer, { from: '2026-02-01', to: '2026-02-28' });
    expect(statement.openingBalance).toBe('58.50');
    expect(statement.activity.map((a) => [a.date, a.kind, a.charges, a.credits, a.balance])).toEqual([
      ['2026-02-05', 'Invoice', '58.50', '0.00', '117.00'],
      ['2026-02-18', 'Receipt', '0.00', '70.00', '47.00'],
    ]);
    expect(statement.closingBalance).toBe('47.00');
    const aging = await arAging(deps, books.context, '2026-02-28', customer);
    expect(aging.customers[0]!.balance).toBe(statement.closingBalance);
    expect(statement.aging.map((a) => [a.bucket, a.amount])).toEqual([
      ['Current', '0.00'],
      ['1-30', '58.50'],
      ['31-60', '0.00'],
      ['61-90', '0.00'],
      ['Over 90', '0.00'],
    ]);
    const pdf = await customerStatementPdf(deps, books.context, customer, { from: '2026-02-01', to: '2026-02-28' });
    const { text } = await extractText(pdf, { mergePages: true });
    for (const expected of ['Statement Co', '2026-02-01 to 2026-02-28', '58.50', '70.00', '47.00'])
      expect(text).toContain(expected);
  });

  it('sends each customer one statement however often the run is delivered, even twice at once', async () => {
    const books = await openReceivablesBooks(deps);
    const customers = await Promise.all(
      Array.from({ length: 4 }, (_, i) => books.customer({ billingEmails: [`c${i}@example.com`] })),
    );
    for (const customer of customers) await issueInvoice(deps, books.context, await books.draft(customer));
    const quiet = await books.customer({ billingEmails: ['quiet@example.com'] });
    const run = await startStatementRun(deps, books.context, {
      from: '2026-02-01',
      to: '2026-02-28',
      overdueOnly: false,
      trigger: 'manual',
    });
    const message = { tenantId: books.context.tenantId, runId: run.id };
    await Promise.all([processStatementRun(deps, message), processStatementRun(deps, message)]);
    await processStatementRun(deps, message);
    const emails = await statementEmails(books);
    expect(emails.map((e) => e.payload.to[0]).sort()).toEqual([
      'c0@example.com',
      'c1@example.com',
      'c2@example.com',
      'c3@example.com',
    ]);
    const report = await statementRunReport(deps, books.context, run.id);
    expect(report.run.state).toBe('completed');
    expect(report.deliveries.find((d) => d.customerId === quiet)).toMatchObject({
      state: 'skipped',
      reason: 'no activity and no balance',
    });
  });

  it('skips a customer deleted after the run started, and reports it', async () => {
    const books = await openReceivablesBooks(deps);
    const kept = await books.customer({ billingEmails: ['kept@example.com'] });
    const gone = await books.customer({ billingEmails: ['gone@example.com'] });
    await issueInvoice(deps, books.context, await books.draft(kept));
    const run = await startStatementRun(deps, books.context, {
      from: '2026-02-01',
      to: '2026-02-28',
      overdueOnly: false,
      trigger: 'manual',
    });
    expect(run.customerIds).toContain(gone);
    await deleteCustomer(deps, books.context, gone);
    await processStatementRun(deps, { tenantId: books.context.tenantId, runId: run.id });
    expect((await statementEmails(books)).map((e) => e.payload.to)).toEqual([['kept@example.com']]);
    const report = await statementRunReport(deps, books.context, run.id);
    expect(report.deliveries.find((d) => d.customerId === gone)).toMatchObject({
      state: 'skipped',
      reason: 'customer deleted',
    });
  });

  it('skips suppressed addresses and reports an inactive address (Postmark 406) as undeliverable; only overdue customers when asked', async () => {
    const books = await openReceivablesBooks(deps);
    const repository = new TenantRepository(deps.container, books.context);
    const bounced = await books.customer({ billingEmails: ['bounced@example.com'] });
    const inactive = await books.customer({ billingEmails: ['inactive@example.com'] });
    const notDue = await books.customer({ billingEmails: ['notdue@example.com'], paymentTerms: 'net-90' });
    for (const customer of [bounced, inactive, notDue])
      await issueInvoice(deps, books.context, await books.draft(customer, { issueDate: '2026-01-05' }));
    const transaction = repository.transaction();
    await stageSuppression(repository, transaction, {
      address: 'bounced@example.com',
      reason: 'HardBounce',
      bounceId: 7,
      bouncedAt: new Date().toISOString(),
      postmarkMessageId: 'pm-7',
      outboxId: 'outbox-earlier',
    });
    await transaction.commit();
    postmark.markInactive('inactive@example.com');
    const run = await startStatementRun(deps, books.context, {
      from: '2026-02-01',
      to: '2026-02-28',
      overdueOnly: true,
      trigger: 'manual',
    });
    await processStatementRun(deps, { tenantId: books.context.tenantId, runId: run.id });
    const emails = await statementEmails(books);
    expect(emails.map((e) => e.payload.to)).toEqual([['inactive@example.com']]);
    const sender = createPostmarkSender({ apiUrl: postmark.url, serverToken, from: 'billing@ledgerline.example' });
    const logger = createLogger({ level: 'error' });
    expect(
      await deliverEmail({ ...deps, sender, logger }, { tenantId: books.context.tenantId, outboxId: emails[0]!.id }),
    ).toBe('undeliverable');
    const report = await statementRunReport(deps, books.context, run.id);
    const byCustomer = (id: string) => report.deliveries.find((d) => d.customerId === id);
    expect(byCustomer(bounced)).toMatchObject({ state: 'skipped', suppressed: ['bounced@example.com'] });
    expect(byCustomer(inactive)).toMatchObject({ state: 'sent', emailState: 'undeliverable' });
    expect(byCustomer(notDue)).toMatchObject({ state: 'skipped', reason: 'nothing overdue' });
  });
});
