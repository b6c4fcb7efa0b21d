import { createHash, randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { CosmosClient, type Container } from '@azure/cosmos';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../local/stand-ins/postmark/server';
import { createAccessTokens } from '../../shared/identity/access-tokens';
import { randomIds, systemClock } from '../../shared/platform/clock';
import { generateDevelopmentSecrets, parseSigningKeyRing } from '../../shared/platform/config/secrets';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { storeGeneratedDocument } from '../../shared/platform/documents/document-store';
import { stageSuppression } from '../../shared/platform/email/email-suppression';
import type { QueueSender } from '../../shared/platform/queues/queue-sender';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import { appEntry, fastQueuesRoot, finished, queueSenderFor, sendThroughOutbox } from '../harness/outbox';
import { samplePdf } from '../harness/sample-files';
import { storageConnectionString } from '../harness/storage';

const secrets = generateDevelopmentSecrets();
const tokens = createAccessTokens(parseSigningKeyRing('TOKEN_SIGNING_KEYS', secrets.TOKEN_SIGNING_KEYS), systemClock);

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

  beforeAll(async () => {
    postmark = await startPostmarkStandIn({ serverToken: secrets.POSTMARK_SERVER_TOKEN });
    host = await startHostedApp({
      appRoot: fastQueuesRoot,
      entry: appEntry,
      env: { ...secrets, POSTMARK_API_URL: postmark.url },
    });
    data = new CosmosClient({ endpoint: inject('cosmosEndpoint'), key: inject('cosmosKey') })
      .database(host.databaseName)
      .container('tenant-data');
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
      {
        container: data,
        blobs: BlobServiceClient.fromConnectionString(storageConnectionString()),
        clock: systemClock,
        ids: randomIds,
      },
      { tenantId: org, actor: { id: 'system:test', kind: 'system' } },
      { kind: 'period-report', contentType: 'application/pdf', filename: 'invoice-7.pdf', owner: null },
      pdf,
    );
    const ticket = await sendThroughOutbox(data, queues, org, {
      ...email('ap@vendor.example', 'Invoice 7'),
      attachments: [{ documentId: document.id, kind: 'period-report', filename: 'invoice-7.pdf', size: pdf.length }],
    });
    const record = await finished(data, ticket);
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

  it('sends once when the message is delivered three times', async () => {
    const ticket = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Duplicate'), 3);
    expect(await finished(data, ticket)).toMatchObject({ state: 'completed' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(sentTo('Duplicate')).toHaveLength(1);
  });

  it('sends once after a crash between sending and the answer: the retry finds the message by its key', async () => {
    postmark.failNext('drop-response');
    const ticket = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Crash'));
    const record = await finished(data, ticket);
    expect(record).toMatchObject({ state: 'completed', attempts: 2 });
    expect(sentTo('Crash')).toHaveLength(1);
    expect(record.result?.postmarkMessageId).toBe(sentTo('Crash')[0]!.MessageID);
  });

  it('marks an inactive recipient (406) undeliverable at once, sending nothing and never retrying', async () => {
    postmark.markInactive('gone@vendor.example');
    const ticket = await sendThroughOutbox(data, queues, org, email('gone@vendor.example', 'Inactive'));
    const record = await finished(data, ticket);
    expect(record).toMatchObject({ state: 'undeliverable', attempts: 1 });
    expect(record.lastError).toMatch(/inactive/);
    expect(postmark.sent()).toHaveLength(0);
  });

  it('marks a request Postmark refuses (422, ErrorCode 300) failed with its reason', async () => {
    postmark.failNext('invalid-request');
    const ticket = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Invalid'));
    expect(await finished(data, ticket)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: expect.stringMatching(/300/),
    });
    expect(postmark.sent()).toHaveLength(0);
  });

  it('backs off after 429 and sends once: within the attempt, then on the queue retry', async () => {
    postmark.failNext('rate-limited', 2);
    const soon = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Rate 1'));
    expect(await finished(data, soon)).toMatchObject({ state: 'completed', attempts: 1 });
    postmark.failNext('rate-limited', 4);
    const later = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Rate 2'));
    expect(await finished(data, later)).toMatchObject({ state: 'completed', attempts: 2 });
    expect([sentTo('Rate 1').length, sentTo('Rate 2').length]).toEqual([1, 1]);
  });

  it('retries after a 500, looking first, and sends once', async () => {
    postmark.failNext('server-error');
    const ticket = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Server error'));
    expect(await finished(data, ticket)).toMatchObject({ state: 'completed', attempts: 2 });
    expect(sentTo('Server error')).toHaveLength(1);
  });

  it('poisons a message that fails every delivery: no email, and admins see it poisoned', async () => {
    postmark.failNext('server-error', 50);
    const ticket = await sendThroughOutbox(data, queues, org, email('ap@vendor.example', 'Poison'));
    const record = await finished(data, ticket, 60_000);
    postmark.reset();
    expect(record).toMatchObject({ state: 'poisoned', attempts: 5 });
    expect(record.lastError).toMatch(/Internal server error/);
    expect(postmark.sent()).toHaveLength(0);
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
    expect(await finished(data, ticket)).toMatchObject({
      state: 'undeliverable',
      lastError: expect.stringMatching(/suppressed/),
    });
    expect(postmark.sent()).toHaveLength(0);
  });
});
