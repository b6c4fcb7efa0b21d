import type { StoredMessage } from './messages';

export interface BounceWebhookTarget {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

let nextBounceId = 4_323_372_036_854;

/** Postmark's bounce webhook body for a message (https://postmarkapp.com/developer/webhooks/bounce-webhook). */
export function bouncePayload(message: StoredMessage, type: 'HardBounce' | 'SoftBounce') {
  nextBounceId += 1;
  return {
    RecordType: 'Bounce',
    MessageStream: message.MessageStream,
    ID: nextBounceId,
    Type: type,
    TypeCode: type === 'HardBounce' ? 1 : 4096,
    Name: type === 'HardBounce' ? 'Hard bounce' : 'Soft bounce',
    Tag: message.Tag ?? '',
    MessageID: message.MessageID,
    Metadata: message.Metadata,
    ServerID: 1,
    Description:
      type === 'HardBounce'
        ? 'The server was unable to deliver your message (ex: unknown user, mailbox not found).'
        : 'The server could not temporarily deliver your message (ex: Message is delayed due to network troubles).',
    Details: 'Stand-in bounce',
    Email: message.To[0]!,
    From: message.From,
    BouncedAt: new Date().toISOString(),
    DumpAvailable: false,
    Inactive: type === 'HardBounce',
    CanActivate: true,
    Subject: message.Subject,
    Content: '',
  };
}

/** Posts the bounce to the webhook with HTTP Basic credentials, as Postmark does; the status it got. */
export async function sendBounceWebhook(
  target: BounceWebhookTarget,
  message: StoredMessage,
  type: 'HardBounce' | 'SoftBounce',
): Promise<number> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${target.username}:${target.password}`).toString('base64')}`,
    },
    body: JSON.stringify(bouncePayload(message, type)),
  });
  await response.arrayBuffer();
  return response.status;
}
