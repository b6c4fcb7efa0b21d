import { Errors, ServerClient } from 'postmark';
import type { EmailSender, OutgoingEmail, SendOutcome } from './email-sender';

export interface PostmarkSettings {
  /** `https://api.postmarkapp.com`, or the local stand-in. */
  readonly apiUrl: string;
  readonly serverToken: string;
  readonly from: string;
  readonly timeoutSeconds?: number;
}

/**
 * Postmark's errors as https://postmarkapp.com/developer/api/overview#error-codes defines them:
 * 422 with ErrorCode 406 is an inactive recipient (never deliverable until reactivated), other
 * 422s (300 invalid request and the rest) will not pass however often they are tried, 429 and
 * 401 mean nothing was sent, and a 5xx or a lost connection leave it unknown.
 */
export function classifyPostmarkError(error: unknown): SendOutcome {
  const reason = error instanceof Error ? error.message : String(error);
  if (!(error instanceof Errors.PostmarkError)) return { kind: 'uncertain', reason };
  if (error instanceof Errors.InactiveRecipientsError || error.code === 406) return { kind: 'undeliverable', reason };
  if (error.statusCode === 429) return { kind: 'retry', reason: `rate limited: ${reason}` };
  if (error.statusCode === 401) return { kind: 'retry', reason: `the server token was refused: ${reason}` };
  if (error.statusCode === 0 || error.statusCode >= 500) return { kind: 'uncertain', reason };
  return { kind: 'rejected', reason: `Postmark error ${error.code}: ${reason}` };
}

/** Email through Postmark's official client, pointed at `apiUrl`. */
export function createPostmarkSender(settings: PostmarkSettings): EmailSender {
  const url = new URL(settings.apiUrl);
  const client = new ServerClient(settings.serverToken, {
    useHttps: url.protocol === 'https:',
    requestHost: `${url.host}${url.pathname.replace(/\/$/, '')}`,
    timeout: settings.timeoutSeconds ?? 20,
  });
  return {
    async send(email: OutgoingEmail): Promise<SendOutcome> {
      try {
        const response = await client.sendEmail({
          From: settings.from,
          To: email.to.join(', '),
          Subject: email.subject,
          TextBody: email.textBody,
          ...(email.htmlBody ? { HtmlBody: email.htmlBody } : {}),
          Tag: email.tag,
          Metadata: { ...email.metadata },
          MessageStream: 'outbound',
          Attachments: email.attachments.map((a) => ({
            Name: a.name,
            Content: a.content.toString('base64'),
            ContentType: a.contentType,
            ContentID: null,
          })),
        });
        return { kind: 'sent', messageId: response.MessageID };
      } catch (error) {
        return classifyPostmarkError(error);
      }
    },
    async findSent(metadataKey, value) {
      const found = await client.getOutboundMessages({ count: 1, offset: 0, [`metadata_${metadataKey}`]: value });
      return found.Messages[0]?.MessageID;
    },
  };
}
