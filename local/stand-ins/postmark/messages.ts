import { randomUUID } from 'node:crypto';

/**
 * What Postmark keeps of a sent message, in its own field names, and the checks it applies to
 * a send request (https://postmarkapp.com/developer/api/email-api).
 */
export interface StoredAttachment {
  readonly Name: string;
  readonly ContentType: string;
  readonly ContentLength: number;
  readonly content: Buffer;
}

export interface StoredMessage {
  readonly MessageID: string;
  readonly From: string;
  readonly To: readonly string[];
  readonly Cc: readonly string[];
  readonly Subject: string;
  readonly TextBody?: string;
  readonly HtmlBody?: string;
  readonly Tag?: string;
  readonly Metadata: Readonly<Record<string, string>>;
  readonly MessageStream: string;
  readonly Attachments: readonly StoredAttachment[];
  readonly ReceivedAt: string;
}

/** A refusal as Postmark sends it: an HTTP status and a body with ErrorCode and Message. */
export interface PostmarkRefusal {
  readonly status: number;
  readonly ErrorCode: number;
  readonly Message: string;
}

const maxMessageBytes = 10 * 1024 * 1024;
const maxRecipients = 50;

const addresses = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean)
    : [];

/** The bare address of `Name <a@b>` or `a@b`, lowercased. */
export const bareAddress = (address: string) => (/<([^>]+)>/.exec(address)?.[1] ?? address).trim().toLowerCase();

const invalid = (Message: string): PostmarkRefusal => ({ status: 422, ErrorCode: 300, Message });

/** Checks one send request as Postmark does and makes the stored message, or says why not. */
export function acceptMessage(
  body: unknown,
  inactive: ReadonlySet<string>,
): { message: StoredMessage } | { refusal: PostmarkRefusal } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { refusal: invalid('Invalid email request: the body is not a JSON object') };
  const request = body as Record<string, unknown>;
  const to = addresses(request.To);
  const cc = addresses(request.Cc);
  if (typeof request.From !== 'string' || !request.From.includes('@'))
    return { refusal: invalid("Invalid 'From' address.") };
  if (to.length === 0) return { refusal: invalid('Zero recipients specified') };
  if (to.length + cc.length > maxRecipients) return { refusal: invalid('Too many recipients (at most 50)') };
  if (typeof request.TextBody !== 'string' && typeof request.HtmlBody !== 'string')
    return { refusal: invalid('Provide either email TextBody or HtmlBody or both.') };
  const metadata = request.Metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Object.values(metadata).some((v) => typeof v !== 'string'))
    return { refusal: invalid('Metadata values must be strings') };
  const rawAttachments = Array.isArray(request.Attachments)
    ? (request.Attachments as Array<Record<string, unknown>>)
    : [];
  const attachments: StoredAttachment[] = rawAttachments.map((a) => {
    const content = Buffer.from(typeof a.Content === 'string' ? a.Content : '', 'base64');
    return {
      Name: typeof a.Name === 'string' ? a.Name : 'attachment',
      ContentType: typeof a.ContentType === 'string' ? a.ContentType : 'application/octet-stream',
      ContentLength: content.length,
      content,
    };
  });
  if (JSON.stringify(body).length > maxMessageBytes)
    return { refusal: invalid('The message is larger than 10 MB, attachments included.') };
  const blocked = [...to, ...cc].filter((address) => inactive.has(bareAddress(address)));
  if (blocked.length > 0) {
    return {
      refusal: {
        status: 422,
        ErrorCode: 406,
        Message: `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${blocked.join(', ')}. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.`,
      },
    };
  }
  return {
    message: {
      MessageID: randomUUID(),
      From: request.From,
      To: to,
      Cc: cc,
      Subject: typeof request.Subject === 'string' ? request.Subject : '',
      ...(typeof request.TextBody === 'string' ? { TextBody: request.TextBody } : {}),
      ...(typeof request.HtmlBody === 'string' ? { HtmlBody: request.HtmlBody } : {}),
      ...(typeof request.Tag === 'string' ? { Tag: request.Tag } : {}),
      Metadata: metadata as Record<string, string>,
      MessageStream: typeof request.MessageStream === 'string' ? request.MessageStream : 'outbound',
      Attachments: attachments,
      ReceivedAt: new Date().toISOString(),
    },
  };
}

/** A message as `GET /messages/outbound` lists it. */
export function outboundSummary(message: StoredMessage) {
  const recipients = (list: readonly string[]) => list.map((Email) => ({ Email: bareAddress(Email), Name: '' }));
  return {
    MessageID: message.MessageID,
    Tag: message.Tag ?? '',
    To: recipients(message.To),
    Cc: recipients(message.Cc),
    Bcc: [],
    Recipients: [...message.To, ...message.Cc].map(bareAddress),
    ReceivedAt: message.ReceivedAt,
    From: message.From,
    Subject: message.Subject,
    Attachments: message.Attachments.map((a) => a.Name),
    Status: 'Sent',
    TrackOpens: false,
    TrackLinks: 'None',
    Metadata: message.Metadata,
    MessageStream: message.MessageStream,
    Sandboxed: false,
  };
}

/** Filters of `GET /messages/outbound`: recipient, tag, sender, subject and `metadata_<key>`. */
export function matchesFilters(message: StoredMessage, query: URLSearchParams): boolean {
  for (const [name, value] of query) {
    const key = name.toLowerCase();
    if (key === 'recipient' && ![...message.To, ...message.Cc].map(bareAddress).includes(value.toLowerCase()))
      return false;
    if (key === 'tag' && message.Tag !== value) return false;
    if (key === 'fromemail' && bareAddress(message.From) !== value.toLowerCase()) return false;
    if (key === 'subject' && !message.Subject.includes(value)) return false;
    if (name.startsWith('metadata_') && message.Metadata[name.slice('metadata_'.length)] !== value) return false;
  }
  return true;
}
