import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Probe, RouteCase } from '../route-case';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * With the right credentials but a message A never sent (or one A sent, claimed for B): 404,
 * and the table checks A is untouched. The accepted path changes A, so it is proven in
 * test/email/bounce-webhook.test.ts instead.
 */
async function webhookRefusals(probe: Probe): Promise<void> {
  const { username, password } = probe.world.webhookCredentials;
  const body = probe.request.body as { MessageID: string; Metadata: Record<string, string> };
  const send = (authorization: string, change: object = {}) =>
    probe.send(undefined, { headers: { authorization }, body: JSON.stringify({ ...body, ...change }) });
  expect((await send(basic(username, `${password}!`))).status, 'a wrong password').toBe(401);
  expect((await send(basic(`${username}x`, password))).status, 'a wrong user').toBe(401);
  expect((await send(basic(username, password), { MessageID: randomUUID() })).status, 'an unknown message').toBe(404);
  const elsewhere = { Metadata: { ...body.Metadata, ledgerline_org: probe.world.b.tenantId } };
  expect((await send(basic(username, password), elsewhere)).status, "A's message claimed for B").toBe(404);
}

/** The outbox admins review, and Postmark's bounce webhook. */
export const emailCases: Record<string, RouteCase> = {
  'admin-outbox-list': {
    request: () => ({ query: { state: 'pending' } }),
    restricted: { unaffected: 'outbox work is the organisation’s (its settings admins’), not a facility’s' },
  },
  'webhooks-postmark': {
    public: true,
    // A valid bounce of a message A sent, without Postmark's Basic credentials: refused.
    request: async (world) => {
      const sent = await world.sentEmail();
      return {
        body: {
          RecordType: 'Bounce',
          ID: 1000 + world.unique(),
          Type: 'HardBounce',
          MessageID: sent.postmarkMessageId,
          Email: sent.to,
          BouncedAt: new Date().toISOString(),
          Inactive: true,
          Metadata: { ledgerline_org: world.a.tenantId, ledgerline_outbox: sent.outboxId },
        },
      };
    },
    expect: 401,
    extra: webhookRefusals,
  },
};
