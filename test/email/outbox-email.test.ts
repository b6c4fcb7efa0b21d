import { createHash, randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import type { Container } from '@azure/cosmos';
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../local/stand-ins/postmark/server';
import { randomIds, systemClock } from '../../shared/platform/clock';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { storeGeneratedDocument } from '../../shared/platform/documents/document-store';
import { stageEmail } from '../../shared/platform/email/email-message';
import { stageSuppression } from '../../shared/platform/email/email-suppression';
import { ValidationError } from '../../shared/platform/errors';
import { dispatchOutbox, type OutboxTicket } from '../../shared/platform/outbox/outbox-record';
import { queueName } from '../../shared/platform/queues/queue-names';
import type { QueueSender } from '../../shared/platform/queues/queue-sender';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import {
  appEntry,
  eventually,
  fastQueuesRoot,
  finished,
  outboxRecord,
  queueSenderFor,
  sendThroughOutbox,
} from '../harness/outbox';
import { samplePdf } from '../harness/sample-files';
import { storageConnectionString } from '../harness/storage';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

describe('email through the outbox, Azurite and the Postmark stand-in', () => {
  let postmark: PostmarkStandIn;
  let host: RunningHost;
  let data: Container;
  let queues: QueueSender;
  let admin: string;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const email = (to = 'ap@vendor.example', subject = 'Your invoice') => ({
    to: [to],
    subject,
    textBody: 'Please find it attached.',
    purpose: 'invoice-issued',
  });
  const sentTo = (subject: string) => postmark.sent().filter((m) => m.Subject === subject);
  const sends = () => postmark.requests().filter((r) => r === 'POST /email');
  const lookups = () => postmark.requests().filter((r) => r === 'GET /messages/outbound');
  const documents = () => ({
    container: data,
    blobs: BlobServiceClient.fromConnectionString(storageConnectionString()),
    clock: systemClock,
    ids: randomIds,
  });

  /** The record as admins see it: GET /api/admin/outbox on the app that sent it. */
  async function visible(id: string, app = host, authorization = admin) {
    const listed = (await (
      await fetch(`${app.url}/api/admin/outbox?work=email`, { headers: { authorization } })
    ).json()) as { items: Array<{ id: string; state: string; attempts: number; lastError: string | null }> };
    return listed.items.find((item) => item.id === id);
  }

  /** The record once it is finished, which admins then see in the same state. */
  async function settled(ticket: OutboxTicket, ms?: number) {
    const record = await finished(data, ticket, ms);
    expect(await visible(ticket.id)).toMatchObject({
      state: record.state,
      attempts: record.attempts,
      lastError: record.lastError,
    });
    return record;
  }

  beforeAll(async () => {
    postmark = await startPostmarkStandIn({ serverToken: secrets.POSTMARK_SERVER_TOKEN });
    host = await startHostedApp({
      appRoot: fastQueuesRoot,
      entry: appEntry,
      env: { ...secrets, POSTMARK_API_URL: postmark.url },
    });
    data = host.containers.tenantData;
    queues = queueSenderFor(host.queuePrefix);
    await addTestMember(data, org, 'admin', { settings: 'admin' });
    admin = (await openTestSession(data, tokens, org, 'admin')).authorization;
  });
  afterAll(async () => {
    await host?.stop();
    await postmark?.stop();
  });
  beforeEach(() => postmark.reset());

  it('sends one email with its attachment and our key in Metadata, and shows it completed', async () => {
    const pdf = await samplePdf('Invoice 7');
    const document = await storeGeneratedDocument(
      documents(),
      { tenantId: org, actor: { id: 'system:test', kind: 'system' } },
      { kind: 'period-report', contentType: 'application/pdf', filename: 'invoice-7.pdf', owner: null },
      pdf,
    );
    const ticket = await sendThroughOutbox(data, queues, org, {
      ...email('ap@vendor.example', 'Invoice 7'),
      attachments: [{ documentId: document.id, kind: 'period-report', filename: 'invoice-7.pdf', size: pdf.length }],
    });
    const record = await settled(ticket);
    expect(record).toMatchObject({ state: 'completed', attempts: 1 });
    const [sent] = sentTo('Invoice 7');
    expect(sent).toBeDefined();
    expect(record.result?.postmarkMessageId).toBe(sent!.MessageID);
    expect(sent!.Metadata).toMatchObject({ ledgerline_org: org, ledgerline_outbox: ticket.id });
    expect(sent!.Tag).toBe('invoice-issued');
    expect(createHash('sha256').update(sent!.Attachments[0]!.content).digest('hex')).toBe(document.sha256);

    const listed = (await (
      await fetch(`${host.url}/api/admin/outbox?work=email`, { headers: { authorization: admin } })
    ).json()) as { items: Array<{ id: string; state: string; email?: { subject: string } }> };
    expect(listed.items.find((i) => i.id === ticket.id)).toMatchObject({
      state: 'completed',
      email: { subject: 'Invoice 7' },
    });
  });

  it('sends once when the message is delivered three times at once, and twice more after it was sent', async () => {
    const ticket = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Duplicate'), 3);
    expect(await settled(ticket)).toMatchObject({ state: 'completed', attempts: 1 });
    await dispatchOutbox(queues, [ticket, ticket]);
    // Every message taken and deleted: the late duplicates were handled, not merely not yet seen.
    const emails = QueueServiceClient.fromConnectionString(storageConnectionString()).getQueueClient(
      queueName(host.queuePrefix, 'emails'),
    );
    await eventually(async () => ((await emails.getProperties()).approximateMessagesCount === 0 ? true : undefined));
    expect(sentTo('Duplicate')).toHaveLength(1);
    expect(sends()).toHaveLength(1);
    expect(await visible(ticket.id)).toMatchObject({ state: 'completed', attempts: 1 });
  });

  it('sends once after a crash between sending and the answer: the retry finds the message by its key', async () => {
    postmark.failNext('drop-response');
    const ticket = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Crash'));
    const record = await settled(ticket);
    expect(record).toMatchObject({ state: 'completed', attempts: 2 });
    expect(sentTo('Crash')).toHaveLength(1);
    expect(record.result?.postmarkMessageId).toBe(sentTo('Crash')[0]!.MessageID);
    expect(postmark.requests()).toEqual(['POST /email', 'GET /messages/outbound']);
  });

  it('marks an inactive recipient (406) undeliverable at once, sending nothing and never retrying', async () => {
    postmark.markInactive('gone@vendor.example');
    const ticket = await sendThroughOutbox(data, queues, org, email('gone@vendor.example', 'Inactive'));
    const record = await settled(ticket);
    expect(record).toMatchObject({ state: 'undeliverable', attempts: 1 });
    expect(record.lastError).toMatch(/inactive/);
    expect(postmark.sent()).toHaveLength(0);
    expect(postmark.requests()).toEqual(['POST /email']);
  });

  it('marks a request Postmark refuses (422, ErrorCode 300) failed with its reason', async () => {
    postmark.failNext('invalid-request');
    const ticket = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Invalid'));
    expect(await settled(ticket)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: expect.stringMatching(/300/),
    });
    expect(postmark.sent()).toHaveLength(0);
    expect(postmark.requests()).toEqual(['POST /email']);
  });

  it('backs off after 429 and sends once: within the attempt, then on the queue retry', async () => {
    postmark.failNext('rate-limited', 2);
    const soon = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Rate 1'));
    expect(await settled(soon)).toMatchObject({ state: 'completed', attempts: 1 });
    postmark.failNext('rate-limited', 4);
    const later = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Rate 2'));
    expect(await settled(later)).toMatchObject({ state: 'completed', attempts: 2 });
    expect([sentTo('Rate 1').length, sentTo('Rate 2').length]).toEqual([1, 1]);
    // A 429 sent nothing: there is nothing to look up before trying again.
    expect([sends().length, lookups().length]).toEqual([3 + 5, 0]);
  });

  it('retries after a 500, looking first, and sends once', async () => {
    postmark.failNext('server-error');
    const ticket = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Server error'));
    expect(await settled(ticket)).toMatchObject({ state: 'completed', attempts: 2 });
    expect(sentTo('Server error')).toHaveLength(1);
    expect(postmark.requests()).toEqual(['POST /email', 'GET /messages/outbound', 'POST /email']);
  });

  it('poisons a message that fails every delivery: no email, and admins see it poisoned', async () => {
    postmark.failNext('server-error', 50);
    const ticket = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Poison'));
    const record = await settled(ticket, 60_000);
    const tries = sends().length;
    postmark.reset();
    expect(record).toMatchObject({ state: 'poisoned', attempts: 5 });
    expect(record.lastError).toMatch(/Internal server error/);
    expect(postmark.sent()).toHaveLength(0);
    expect(tries).toBe(5);
    const listed = (await (
      await fetch(`${host.url}/api/admin/outbox?state=poisoned`, { headers: { authorization: admin } })
    ).json()) as { items: Array<{ id: string }> };
    expect(listed.items.map((i) => i.id)).toContain(ticket.id);
  });

  it('does not email an address on the suppression list', async () => {
    const repository = new TenantRepository(data, { tenantId: org, actor: { id: 'system:test', kind: 'system' } });
    const transaction = repository.transaction();
    await stageSuppression(repository, transaction, {
      address: 'Bounced@Vendor.example',
      reason: 'HardBounce',
      bounceId: 1,
      bouncedAt: new Date().toISOString(),
      postmarkMessageId: randomUUID(),
      outboxId: 'outbox-earlier',
    });
    await transaction.commit();
    const ticket = await sendThroughOutbox(data, queues, org, email('bounced@vendor.example', 'Suppressed'));
    expect(await settled(ticket)).toMatchObject({
      state: 'undeliverable',
      lastError: expect.stringMatching(/suppressed/),
    });
    // Refused as undeliverable without a word to Postmark.
    expect(postmark.requests()).toEqual([]);
  });

  it('sends once after the sending app crashed between sending and recording it: the next attempt finds it by its key', async () => {
    // An app of its own (database and queues), killed mid-send, then started again on the same data.
    const env = { ...secrets, POSTMARK_API_URL: postmark.url, QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}-` };
    const crashing = await startHostedApp({ appRoot: fastQueuesRoot, entry: appEntry, env });
    let restarted: RunningHost | undefined;
    try {
      const own = crashing.containers.tenantData;
      postmark.failNext('hold-response');
      const ticket = await sendThroughOutbox(own, queueSenderFor(env.QUEUE_PREFIX), org, email('ap@x.example', 'Kill'));
      await eventually(async () => (sentTo('Kill').length === 1 ? true : undefined));
      await crashing.kill();
      expect(await outboxRecord(own, ticket)).toMatchObject({ state: 'processing', attempts: 1, uncertain: false });

      restarted = await startHostedApp({
        appRoot: fastQueuesRoot,
        entry: appEntry,
        env: { ...env, COSMOS_DATABASE: crashing.databaseName },
      });
      // A minute passes: the dead attempt's lease runs out, and the sweeper hands the record on.
      const { resource } = await own.item(ticket.id, org).read<Record<string, unknown>>();
      await own.item(ticket.id, org).replace({ ...resource!, leaseUntil: new Date(Date.now() - 1000).toISOString() });
      await fetch(`${restarted.url}/admin/functions/outbox-sweep`, { method: 'POST', body: '{}' });
      const record = await finished(own, ticket);
      expect(record).toMatchObject({ state: 'completed', attempts: 2 });
      expect(record.result?.postmarkMessageId).toBe(sentTo('Kill')[0]!.MessageID);
      expect(sentTo('Kill')).toHaveLength(1);
      expect(postmark.requests()).toEqual(['POST /email', 'GET /messages/outbound']);
      await addTestMember(own, org, 'admin', { settings: 'admin' });
      const ownAdmin = (await openTestSession(own, tokens, org, 'admin')).authorization;
      expect(await visible(ticket.id, restarted, ownAdmin)).toMatchObject({ state: 'completed', attempts: 2 });
    } finally {
      await restarted?.stop();
      await crashing.stop();
    }
  }, 90_000);

  it("refuses to stage an email over Postmark's 10 MB with its attachments", () => {
    const repository = new TenantRepository(data, { tenantId: org, actor: { id: 'system:test', kind: 'system' } });
    const attachment = (size: number) => ({
      documentId: 'document-big',
      kind: 'period-report' as const,
      filename: 'big.pdf',
      size: Math.ceil(size),
    });
    /** The problems staging reports (none when the email is staged). */
    const problems = (...sizes: number[]) => {
      try {
        stageEmail(repository.transaction(), randomIds, {
          ...email(),
          attachments: sizes.map((size, i) => ({ ...attachment(size), documentId: `document-${i}` })),
        });
        return [];
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return error.problems;
      }
    };
    const tooLarge = [{ field: 'attachments', reason: 'the email with its attachments is over 10 MB' }];
    expect(problems(7 * 1024 * 1024)).toEqual([]);
    // 7.6 MB of PDF is 10.1 MB as base64, and so are two of 3.9 MB.
    expect(problems(7.6 * 1024 * 1024)).toEqual(tooLarge);
    expect(problems(3.9 * 1024 * 1024)).toEqual([]);
    expect(problems(3.9 * 1024 * 1024, 3.9 * 1024 * 1024)).toEqual(tooLarge);
  });

  it('fails an email whose attachments turn out over 10 MB when read, without calling Postmark', async () => {
    const bytes = Buffer.alloc(Math.ceil(7.6 * 1024 * 1024), 'a');
    const document = await storeGeneratedDocument(
      documents(),
      { tenantId: org, actor: { id: 'system:test', kind: 'system' } },
      { kind: 'period-report', contentType: 'text/csv', filename: 'huge.csv', owner: null },
      bytes,
    );
    // Staged with a size that does not match the document (a caller's mistake): the send checks the bytes.
    const ticket = await sendThroughOutbox(data, queues, org, {
      ...email('ap@vendor.example', 'Too large'),
      attachments: [{ documentId: document.id, kind: 'period-report', filename: 'huge.csv', size: 1000 }],
    });
    expect(await settled(ticket)).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/10 MB/) });
    expect(postmark.requests()).toEqual([]);
  });
});
