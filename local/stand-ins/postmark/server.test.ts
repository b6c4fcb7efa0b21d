import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Errors, ServerClient } from 'postmark';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from './server';

const token = 'b2a5e4c8-1111-4222-8333-944455556666';

describe('the Postmark stand-in speaks Postmark to the official client', () => {
  let postmark: PostmarkStandIn;
  let client: ServerClient;
  const webhookCalls: Array<{ authorization?: string; body: Record<string, unknown> }> = [];
  const webhook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      webhookCalls.push({
        authorization: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>,
      });
      res.writeHead(200).end();
    });
  });
  const message = (subject: string, to = 'ap@vendor.example') => ({
    From: 'Ledgerline <no-reply@ledgerline.example>',
    To: to,
    Subject: subject,
    TextBody: 'Hello <b>there</b>',
    Metadata: { ledgerline_key: subject },
    Attachments: [
      { Name: 'a.txt', Content: Buffer.from('hi').toString('base64'), ContentType: 'text/plain', ContentID: null },
    ],
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const port = (webhook.address() as AddressInfo).port;
    postmark = await startPostmarkStandIn({
      serverToken: token,
      bounceWebhook: { url: `http://127.0.0.1:${port}/hook`, username: 'postmark', password: 'p'.repeat(24) },
    });
    const url = new URL(postmark.url);
    client = new ServerClient(token, { useHttps: false, requestHost: url.host, timeout: 5 });
  });
  afterAll(async () => {
    await postmark.stop();
    webhook.close();
  });
  beforeEach(() => postmark.reset());

  it('refuses a wrong server token with 401 and ErrorCode 10', async () => {
    const wrong = new ServerClient('not-the-token', { useHttps: false, requestHost: new URL(postmark.url).host });
    const error = (await wrong.sendEmail(message('x')).catch((e: unknown) => e)) as Errors.PostmarkError;
    expect(error).toBeInstanceOf(Errors.InvalidAPIKeyError);
    expect([error.statusCode, error.code]).toEqual([401, 10]);
  });

  it('sends single and batch messages and finds them by metadata', async () => {
    const sent = await client.sendEmail(message('One'));
    expect(sent).toMatchObject({ ErrorCode: 0, Message: 'OK', To: 'ap@vendor.example' });
    const batch = await client.sendEmailBatch([message('Two'), { ...message('Three'), To: '' }]);
    expect(batch.map((r) => r.ErrorCode)).toEqual([0, 300]);
    const found = await client.getOutboundMessages({ count: 10, offset: 0, metadata_ledgerline_key: 'One' });
    expect(found.Messages.map((m) => m.MessageID)).toEqual([sent.MessageID]);
    expect(found.Messages[0]).toMatchObject({
      Subject: 'One',
      Metadata: { ledgerline_key: 'One' },
      Attachments: ['a.txt'],
    });
    expect(
      (await client.getOutboundMessages({ count: 10, offset: 0, metadata_ledgerline_key: 'none' })).TotalCount,
    ).toBe(0);
    expect((await client.getOutboundMessageDetails(sent.MessageID)).TextBody).toBe('Hello <b>there</b>');
  });

  it("fails in Postmark's ways when told to", async () => {
    const failure = async (mode: Parameters<PostmarkStandIn['failNext']>[0]) => {
      postmark.failNext(mode);
      return (await client.sendEmail(message(mode)).catch((e: unknown) => e)) as Errors.PostmarkError;
    };
    expect(await failure('inactive-recipient')).toBeInstanceOf(Errors.InactiveRecipientsError);
    const invalid = await failure('invalid-request');
    expect(invalid).toBeInstanceOf(Errors.InvalidEmailRequestError);
    expect([invalid.statusCode, invalid.code]).toEqual([422, 300]);
    expect(await failure('rate-limited')).toBeInstanceOf(Errors.RateLimitExceededError);
    expect(await failure('server-error')).toBeInstanceOf(Errors.InternalServerError);
    const dropped = await failure('drop-response');
    expect(dropped.statusCode).toBe(0);
    // Dropped after sending: it went out, and a lookup finds it.
    expect(postmark.sent().map((m) => m.Subject)).toEqual(['drop-response']);
  });

  it('refuses inactive recipients like Postmark, and reports a hard bounce to the webhook with Basic credentials', async () => {
    const sent = await client.sendEmail(message('Bounce me', 'gone@vendor.example'));
    expect(await postmark.bounce(sent.MessageID)).toBe(200);
    const call = webhookCalls.at(-1)!;
    expect(call.authorization).toBe(`Basic ${Buffer.from(`postmark:${'p'.repeat(24)}`).toString('base64')}`);
    expect(call.body).toMatchObject({
      RecordType: 'Bounce',
      Type: 'HardBounce',
      MessageID: sent.MessageID,
      Inactive: true,
      Email: 'gone@vendor.example',
    });
    const again = (await client
      .sendEmail(message('Again', 'gone@vendor.example'))
      .catch((e: unknown) => e)) as Errors.PostmarkError;
    expect(again).toBeInstanceOf(Errors.InactiveRecipientsError);
  });

  it('lists each sent message on its page over HTTP: time, sender, recipients, subject, the start of its body, attachment names', async () => {
    const sent = await client.sendEmail({
      ...message('Invoice 42', 'Ap <ap@vendor.example>, cfo@vendor.example'),
      TextBody: 'Please find invoice 42 attached. It is due in 30 days.',
      Attachments: [
        {
          Name: 'invoice-42.pdf',
          Content: Buffer.from('%PDF').toString('base64'),
          ContentType: 'application/pdf',
          ContentID: null,
        },
        {
          Name: 'terms.txt',
          Content: Buffer.from('terms').toString('base64'),
          ContentType: 'text/plain',
          ContentID: null,
        },
      ],
    });
    const response = await fetch(`${postmark.url}/`);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const row = (await response.text()).split('<tr>').find((r) => r.includes('Invoice 42'))!;
    for (const shown of [
      sent.SubmittedAt,
      'no-reply@ledgerline.example',
      'Ap &lt;ap@vendor.example&gt;, cfo@vendor.example',
      `href="/ui/messages/${sent.MessageID}"`,
      'Please find invoice 42 attached. It is due in 30 days.',
      'invoice-42.pdf<br>terms.txt',
    ])
      expect(row).toContain(shown);
    const page = await (await fetch(`${postmark.url}/ui/messages/${sent.MessageID}`)).text();
    expect(page).toContain('<pre>Please find invoice 42 attached. It is due in 30 days.</pre>');
    expect(page).toContain('>invoice-42.pdf</a> <span class="muted">application/pdf, 4 bytes</span>');
  });

  it('lists sent messages on a page, escaping what they contain', async () => {
    await client.sendEmail({ ...message('<script>alert(1)</script>'), HtmlBody: '<img src=x onerror=alert(1)>' });
    const list = await (await fetch(`${postmark.url}/`)).text();
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list).not.toContain('<script>alert');
    const id = postmark.sent()[0]!.MessageID;
    const page = await (await fetch(`${postmark.url}/ui/messages/${id}`)).text();
    expect(page).toContain('<iframe sandbox srcdoc="&lt;img src=x onerror=alert(1)&gt;">');
    expect(await (await fetch(`${postmark.url}/ui/messages/${id}/attachments/0`)).text()).toBe('hi');
  });
});
