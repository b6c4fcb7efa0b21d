import { randomUUID } from 'node:crypto';
import { countDocuments, waitUntil, withBenchApp } from './bench-app';
import { startPostmarkStandIn } from '../local/stand-ins/postmark/server';
import { randomIds } from '../shared/platform/clock';
import { TenantRepository } from '../shared/platform/data/tenant-repository';
import { stageEmail } from '../shared/platform/email/email-message';
import { dispatchOutbox, type OutboxTicket } from '../shared/platform/outbox/outbox-record';

export interface EmailBenchSetup {
  readonly cosmos: { readonly endpoint: string; readonly key: string; readonly database: string };
  readonly storageConnectionString: string;
  /** The app's settings (development secrets): the stand-in checks the app's server token. */
  readonly secrets: Readonly<Record<string, string>>;
}

/**
 * Emails per second through the outbox: `count` emails, each staged in its own committed
 * transaction as a business operation stages it, are dispatched at once; the real app's
 * `email-send` queue function (the local host, the app's own host.json queue settings) sends
 * them with the official client to the Postmark stand-in. Timed from the first dispatch until
 * the stand-in holds them all and every outbox record is completed; a moment later the stand-in
 * must still hold exactly `count` (no email twice).
 */
export async function measureEmailThroughput(setup: EmailBenchSetup, count = 300) {
  const postmark = await startPostmarkStandIn({ serverToken: setup.secrets.POSTMARK_SERVER_TOKEN! });
  const options = {
    cosmos: setup.cosmos,
    storage: setup.storageConnectionString,
    secrets: setup.secrets,
    settings: { POSTMARK_API_URL: postmark.url },
  };
  try {
    return await withBenchApp(options, async (app) => {
      const tenantId = `org-email-${randomUUID().slice(0, 8)}`;
      const context = { tenantId, actor: { id: 'system:bench', kind: 'system' as const } };
      const repository = new TenantRepository(app.tenantData, context);
      const tickets: OutboxTicket[] = [];
      for (let i = 0; i < count; i += 1) {
        const transaction = repository.transaction();
        tickets.push(
          stageEmail(transaction, randomIds, {
            to: [`customer-${i}@bench.example`],
            subject: `Statement ${i}`,
            textBody: 'Your statement for the month is attached to your account page.',
            purpose: 'statement',
          }),
        );
        await transaction.commit();
      }
      const started = performance.now();
      await Promise.all(tickets.map((ticket) => dispatchOutbox(app.queues, [ticket])));
      const notCompleted = () => countDocuments(app, tenantId, "c.type = 'outbox' AND c.state != 'completed'");
      await waitUntil(
        async () => postmark.sent().length >= count && (await notCompleted()) === 0,
        180_000,
        () => `only ${postmark.sent().length} of ${count} emails were sent in time`,
        50,
      );
      const seconds = (performance.now() - started) / 1000;
      // Late duplicates would arrive now, from deliveries still in flight.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      return {
        emails: count,
        seconds: Math.round(seconds * 100) / 100,
        emailsPerSecond: Math.round(count / seconds),
        receivedByStandIn: postmark.sent().length,
      };
    });
  } finally {
    await postmark.stop();
  }
}

/** `npm run bench`: emails per second through the outbox, the queue function and the Postmark stand-in. */
export async function printEmailBench(setup: EmailBenchSetup): Promise<void> {
  const result = await measureEmailThroughput(setup);
  console.log(
    `\nEmail through the outbox (the app's email-send queue function under the local host, Postmark stand-in): ${result.emailsPerSecond} emails/s (${result.emails} sent and their outbox records completed in ${result.seconds} s; the stand-in received ${result.receivedByStandIn})`,
  );
}
