import { createHash, randomUUID } from 'node:crypto';
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../local/stand-ins/postmark/server';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { blobFor, documentType, type DocumentRecord } from '../../shared/platform/documents/document-record';
import { deliverEmail } from '../../shared/platform/email/email-delivery';
import { createPostmarkSender } from '../../shared/platform/email/postmark-sender';
import { readOutboxMessage } from '../../shared/platform/outbox/outbox-functions';
import { sweepOutbox } from '../../shared/platform/outbox/outbox-sweep';
import { queueName, queueNames } from '../../shared/platform/queues/queue-names';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { issueInvoice } from '../../shared/receivables/invoice-issue';
import type { ReceivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { processStatementRun, startStatementRun, statementRunReport } from '../../shared/receivables/statement-runs';
import { killedAt, Killed } from '../harness/step-faults';
import { storageConnectionString } from '../harness/storage';
import { openReceivablesBooks, receivablesDependencies } from './receivables-books';

const logger = createLogger({ level: 'error', sink: () => undefined });

describe('statement runs: exactly once under crashes', () => {
  let deps: ReceivablesDependencies & { queuePrefix: string };
  let postmark: PostmarkStandIn;
  const serverToken = randomUUID();
  let boundaries: string[];

  beforeAll(async () => {
    deps = await receivablesDependencies();
    postmark = await startPostmarkStandIn({ serverToken });
  });
  afterAll(() => postmark.stop());

  /** Two customers with an invoice (a statement each) and a quiet one (skipped), and a started run. */
  async function startedRun(tag: string) {
    const books = await openReceivablesBooks(deps);
    const addresses = [0, 1, 2].map((i) => `${tag}-c${i}@example.com`.toLowerCase());
    const customers = await Promise.all(addresses.map((address) => books.customer({ billingEmails: [address] })));
    for (const customer of customers.slice(0, 2)) await issueInvoice(deps, books.context, await books.draft(customer));
    const run = await startStatementRun(deps, books.context, {
      from: '2026-02-01',
      to: '2026-02-28',
      overdueOnly: false,
      trigger: 'manual',
    });
    return { books, run, addresses, message: { tenantId: books.context.tenantId, runId: run.id } };
  }

  /**
   * What the platform does after any crash: the outbox sweeper (its timer runs every minute)
   * re-enqueues emails whose message was never sent, and the email queue function takes every
   * message, duplicates included, into the Postmark stand-in.
   */
  async function drainEmails(): Promise<void> {
    const later = { now: () => new Date(Date.now() + 60_000) };
    await sweepOutbox({ ...deps, clock: later, logger });
    const sender = createPostmarkSender({ apiUrl: postmark.url, serverToken, from: 'billing@ledgerline.example' });
    const queue = QueueServiceClient.fromConnectionString(storageConnectionString()).getQueueClient(
      queueName(deps.queuePrefix, queueNames.emails),
    );
    for (;;) {
      const { receivedMessageItems: items } = await queue.receiveMessages({ numberOfMessages: 32 });
      if (items.length === 0) return;
      for (const item of items) {
        const named = readOutboxMessage(JSON.parse(Buffer.from(item.messageText, 'base64').toString()), logger, 'e');
        if (named) await deliverEmail({ ...deps, sender, logger }, named);
        await queue.deleteMessage(item.messageId, item.popReceipt);
      }
    }
  }

  /** One statement email per customer with something to report, its PDF stored once and attached, the run finished once. */
  async function expectSentOnce(started: Awaited<ReturnType<typeof startedRun>>) {
    const { books, run, addresses } = started;
    await drainEmails();
    const statements = postmark.sent().filter((m) => m.Subject.startsWith('Statement from'));
    const received = (address: string) => statements.filter((m) => m.To.includes(address));
    expect(received(addresses[0]!)).toHaveLength(1);
    expect(received(addresses[1]!)).toHaveLength(1);
    expect(received(addresses[2]!)).toHaveLength(0);

    const repository = new TenantRepository(deps.container, books.context);
    const documents = await repository.queryAll<DocumentRecord>(documentType, {
      where: 'c.owner.id = @run',
      parameters: [{ name: '@run', value: run.id }],
    });
    expect(documents).toHaveLength(2);
    const report = await statementRunReport(deps, books.context, run.id);
    expect(report.run.state).toBe('completed');
    const sent = report.deliveries.filter((d) => d.state === 'sent');
    expect(sent.map((d) => d.emailState)).toEqual(['completed', 'completed']);
    expect(sent.map((d) => d.documentId).sort()).toEqual(documents.map((d) => d.id).sort());
    expect(report.deliveries.filter((d) => d.state === 'skipped').map((d) => d.reason)).toEqual([
      'no activity and no balance',
    ]);
    for (const document of documents) {
      const bytes = await blobFor(deps, document.kind, document.path).downloadToBuffer();
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      expect(sha256).toBe(document.sha256);
      const address = sent.find((d) => d.documentId === document.id)!.to[0]!;
      const attached = received(address)[0]!.Attachments[0]!.content;
      expect(createHash('sha256').update(attached).digest('hex')).toBe(document.sha256);
    }
    const completions = await repository.queryAll<AuditRecord>(auditRecordType, {
      where: "c.action = 'receivables.statement-run-completed' AND c.target.id = @run",
      parameters: [{ name: '@run', value: run.id }],
    });
    expect(completions).toHaveLength(1);
    expect(report.run.completedAt).not.toBeNull();
    return report.run.completedAt;
  }

  it('a clean run passes its step boundaries and sends each statement once', async () => {
    const started = await startedRun('CLEAN');
    const seen: string[] = [];
    await processStatementRun(killedAt(deps, 0, seen), started.message);
    boundaries = seen;
    expect([...seen].sort()).toEqual(
      [
        'run:loaded',
        'statement:document-stored',
        'statement:document-stored',
        'statement:committed',
        'statement:committed',
        'statement:dispatched',
        'statement:dispatched',
        'statement:skipped',
        'run:sent',
        'run:completed',
      ].sort(),
    );
    const completedAt = await expectSentOnce(started);
    await processStatementRun(deps, started.message);
    expect(await expectSentOnce(started)).toBe(completedAt);
  }, 60_000);

  it('killed at every step boundary and delivered again: one email per customer, each PDF stored once, the run finished once', async () => {
    for (let n = 1; n <= boundaries.length; n += 1) {
      const started = await startedRun(`KILL${n}`);
      await expect(processStatementRun(killedAt(deps, n), started.message), `boundary ${n}`).rejects.toThrow(Killed);
      await Promise.all([processStatementRun(deps, started.message), processStatementRun(deps, started.message)]);
      const completedAt = await expectSentOnce(started);
      await processStatementRun(deps, started.message);
      expect(await expectSentOnce(started), `boundary ${n}`).toBe(completedAt);
    }
    // Ten organisations set up, run, killed and run again: about 2 s each on a loaded machine.
  }, 240_000);
});
