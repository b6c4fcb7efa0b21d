import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../local/stand-ins/postmark/server';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { parseBasicCredentials } from '../../shared/platform/config/secrets';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { emailSuppressionType, suppressionId } from '../../shared/platform/email/email-suppression';
import type { QueueSender } from '../../shared/platform/queues/queue-sender';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { appEntry, fastQueuesRoot, finished, queueSenderFor, sendThroughOutbox } from '../harness/outbox';

const secrets = generateDevelopmentSecrets();
const credentials = parseBasicCredentials(secrets.POSTMARK_WEBHOOK_CREDENTIALS);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the Postmark bounce webhook', () => {
  let postmark: PostmarkStandIn;
  let host: RunningHost;
  let data: Container;
  let queues: QueueSender;
  const orgA = `org-${randomUUID().slice(0, 8)}`;
  const orgB = `org-${randomUUID().slice(0, 8)}`;
  const repository = (tenantId: string) =>
    new TenantRepository(data, { tenantId, actor: { id: 'test', kind: 'system' } });
  /** Every document of both organisations with its ETag: what "changes nothing" compares. */
  const everything = async () =>
    (
      await data.items
        .query<{ id: string; _etag: string }>({
          query: 'SELECT c.id, c._etag FROM c WHERE c.tenantId = @a OR c.tenantId = @b',
          parameters: [
            { name: '@a', value: orgA },
            { name: '@b', value: orgB },
          ],
        })
        .fetchAll()
    ).resources
      .map((d) => `${d.id} ${d._etag}`)
      .sort();
  const post = (body: unknown, authorization = basic(credentials.username, credentials.password)) =>
    fetch(`${host.url}/api/webhooks/postmark`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(body),
    });
  const sendAndWait = async (to: string, subject: string) => {
    const ticket = await sendThroughOutbox(data, queues, orgA, {
      to: [to],
      subject,
      textBody: 'Hello',
      purpose: 'statement',
    });
    await finished(data, ticket);
    return { ticket, message: postmark.sent().find((m) => m.Subject === subject)! };
  };
  const bounceOf = (
    message: { MessageID: string; Metadata: Readonly<Record<string, string>> },
    email: string,
    id: number,
  ) => ({
    RecordType: 'Bounce',
    ID: id,
    Type: 'HardBounce',
    TypeCode: 1,
    MessageID: message.MessageID,
    Metadata: message.Metadata,
    Email: email,
    BouncedAt: new Date().toISOString(),
    Inactive: true,
    Description: 'mailbox not found',
  });

  beforeAll(async () => {
    postmark = await startPostmarkStandIn({ serverToken: secrets.POSTMARK_SERVER_TOKEN });
    host = await startHostedApp({
      appRoot: fastQueuesRoot,
      entry: appEntry,
      env: { ...secrets, POSTMARK_API_URL: postmark.url },
    });
    postmark.reportBouncesTo({ url: `${host.url}/api/webhooks/postmark`, ...credentials });
    data = host.containers.tenantData;
    queues = queueSenderFor(host.queuePrefix);
  });
  afterAll(async () => {
    await host?.stop();
    await postmark?.stop();
  });

  it('suppresses a hard-bounced address of the organisation that sent the message, audited; later mail to it is not sent', async () => {
    const { message } = await sendAndWait('Gone@Customer.example', 'Statement for January');
    expect(await postmark.bounce(message.MessageID)).toBe(200);
    const suppression = await repository(orgA).find(emailSuppressionType, suppressionId('gone@customer.example'));
    expect(suppression).toMatchObject({ address: 'gone@customer.example', reason: 'HardBounce' });
    const audit = await repository(orgA).queryAll<AuditRecord>(auditRecordType);
    expect(audit.find((r) => r.action === 'email.bounced')).toMatchObject({ target: { id: 'gone@customer.example' } });

    const sentBefore = postmark.sent().length;
    const later = await sendThroughOutbox(data, queues, orgA, {
      to: ['gone@customer.example'],
      subject: 'Statement for February',
      textBody: 'Hello',
      purpose: 'statement',
    });
    expect(await finished(data, later)).toMatchObject({
      state: 'undeliverable',
      lastError: expect.stringMatching(/suppressed/),
    });
    expect(postmark.sent()).toHaveLength(sentBefore);
  });

  it('refuses a replayed bounce, changing nothing', async () => {
    const { message } = await sendAndWait('twice@customer.example', 'Replay');
    const payload = bounceOf(message, 'twice@customer.example', 900_001);
    expect((await post(payload)).status).toBe(200);
    const before = await everything();
    expect((await post(payload)).status).toBe(409);
    expect(await everything()).toEqual(before);
  });

  it('refuses bad credentials, malformed payloads and messages the organisation did not send, changing nothing', async () => {
    const { message } = await sendAndWait('someone@customer.example', 'Probe');
    const payload = bounceOf(message, 'someone@customer.example', 900_002);
    const before = await everything();
    expect((await post(payload, basic(credentials.username, `${credentials.password}x`))).status).toBe(401);
    expect((await post(payload, basic('someone', credentials.password))).status).toBe(401);
    expect((await post(payload, `Bearer ${credentials.password}`)).status).toBe(401);
    expect((await post(payload, '')).status).toBe(401);
    expect((await post({ ...payload, ID: 'one' })).status).toBe(400);
    expect((await post({ ...payload, RecordType: 'SpamComplaint' })).status).toBe(400);
    expect((await post({ ...payload, Email: 'not an address' })).status).toBe(400);
    // The credentials are right, but the payload names another organisation, or a message or address it never sent.
    const other = { ...payload.Metadata, ledgerline_org: orgB };
    expect((await post({ ...payload, Metadata: other })).status).toBe(404);
    expect((await post({ ...payload, MessageID: randomUUID() })).status).toBe(404);
    expect((await post({ ...payload, Email: 'victim@customer.example' })).status).toBe(404);
    expect((await post({ ...payload, Metadata: {} })).status).toBe(404);
    expect(await everything()).toEqual(before);
  });

  it('records a soft bounce without suppressing the address', async () => {
    const { message } = await sendAndWait('full@customer.example', 'Soft');
    expect(await postmark.bounce(message.MessageID, 'SoftBounce')).toBe(200);
    expect(await repository(orgA).find(emailSuppressionType, suppressionId('full@customer.example'))).toBeUndefined();
    expect(
      (await repository(orgA).queryAll<AuditRecord>(auditRecordType)).filter((r) => r.action === 'email.bounced'),
    ).toHaveLength(3);
  });
});
