/** An email as handed to the provider. */
export interface OutgoingEmail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly textBody: string;
  readonly htmlBody?: string;
  readonly tag: string;
  /** Travels with the message (Postmark `Metadata`): finds it again and ties bounces to their organisation. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly attachments: ReadonlyArray<{
    readonly name: string;
    readonly contentType: string;
    readonly content: Buffer;
  }>;
}

/**
 * How a send ended, in the terms that decide what happens next:
 * - `sent`: the provider took it;
 * - `undeliverable`: a recipient is inactive (hard bounce, complaint, suppression): never retry;
 * - `rejected`: refused for a reason a retry cannot fix (an invalid request);
 * - `retry`: definitely not sent (rate limited, our credentials refused): try again later;
 * - `uncertain`: it may or may not have been sent (timeout, connection lost, provider 5xx).
 */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly messageId: string }
  | { readonly kind: 'undeliverable' | 'rejected' | 'retry' | 'uncertain'; readonly reason: string };

export interface EmailSender {
  send(email: OutgoingEmail): Promise<SendOutcome>;
  /** The provider's id of a message it took with this metadata value, if any. */
  findSent(metadataKey: string, value: string): Promise<string | undefined>;
}
