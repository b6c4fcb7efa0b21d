import type { Container } from '@azure/cosmos';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { Clock, IdGenerator } from '../clock';
import { TenantRepository } from '../data/tenant-repository';
import { DocumentIntegrityError, readDocumentContent } from '../documents/document-reads';
import { NotFoundError } from '../errors';
import { claimOutboxRecord, finishOutboxRecord, releaseOutboxRecord } from '../outbox/outbox-attempts';
import type { OutboxMessage } from '../outbox/outbox-record';
import type { Services } from '../services';
import type { Logger } from '../telemetry/logger';
import { overMessageLimit, type EmailPayload } from './email-message';
import type { EmailSender, OutgoingEmail, SendOutcome } from './email-sender';
import { suppressedAmong } from './email-suppression';

export interface EmailDeliveryDependencies {
  readonly container: Container;
  readonly blobs: BlobServiceClient;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly sender: EmailSender;
  readonly logger: Logger;
}

export function emailDeliveryDependencies(services: Services): EmailDeliveryDependencies {
  return {
    container: services.containers.tenantData,
    blobs: services.blobService,
    clock: services.clock,
    ids: services.ids,
    sender: services.emailSender,
    logger: services.logger,
  };
}

/** Postmark Metadata keys (at most 20 characters): the message key finds a send again. */
export const metadataKeys = { key: 'ledgerline_key', organization: 'ledgerline_org', outbox: 'ledgerline_outbox' };

/** Thrown so the queue delivers the message again later (its visibility timeout is the backoff). */
export class EmailRetryLater extends Error {
  constructor(reason: string) {
    super(`email not sent yet, will retry: ${reason}`);
    this.name = 'EmailRetryLater';
  }
}

const rateLimitRetries = 2;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends one outbox email, exactly once however often its message arrives: a finished record or
 * one a live attempt holds is left alone; a claimed record is sent with our message key in
 * Postmark's Metadata; after an attempt that ended not knowing (a timeout, a 5xx, a crash), the
 * key is looked up in Postmark before anything is sent again.
 */
export async function deliverEmail(deps: EmailDeliveryDependencies, message: OutboxMessage): Promise<string> {
  const context = { tenantId: message.tenantId, actor: { id: 'system:email', kind: 'system' as const } };
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const claim = await claimOutboxRecord<EmailPayload>(repository, deps.clock, 'email', message.outboxId);
  if (!claim) return 'nothing to do';
  const { payload } = claim.record;
  const id = message.outboxId;
  const finish = (
    state: 'completed' | 'undeliverable' | 'failed',
    details: { result?: Record<string, string>; reason?: string },
  ) => finishOutboxRecord(repository, deps.clock, id, state, details).then(() => state);

  if (claim.uncertain) {
    let earlier: string | undefined;
    try {
      earlier = await deps.sender.findSent(metadataKeys.key, payload.messageKey);
    } catch (error) {
      await releaseOutboxRecord(repository, id, { uncertain: true, reason: `lookup failed: ${String(error)}` });
      throw new EmailRetryLater('could not look up whether an earlier attempt sent it');
    }
    if (earlier) return finish('completed', { result: { postmarkMessageId: earlier } });
  }

  const suppressed = await suppressedAmong(repository, payload.to);
  if (suppressed.length > 0)
    return finish('undeliverable', { reason: `suppressed after a bounce: ${suppressed.join(', ')}` });

  let attachments: OutgoingEmail['attachments'];
  try {
    attachments = await Promise.all(
      payload.attachments.map(async (a) => {
        const { document, bytes } = await readDocumentContent(deps, context, a.kind, a.documentId);
        return { name: a.filename, contentType: document.contentType, content: bytes };
      }),
    );
  } catch (error) {
    // A missing or altered attachment will not come back by retrying: say so instead of sending without it.
    if (error instanceof NotFoundError || error instanceof DocumentIntegrityError)
      return finish('failed', { reason: `attachment: ${error.message}` });
    throw error;
  }
  // Postmark would refuse it (422) however often it is tried: say so without sending.
  if (
    overMessageLimit(
      payload,
      attachments.map((a) => a.content.length),
    )
  )
    return finish('failed', { reason: "the email with its attachments is over Postmark's 10 MB" });
  const email: OutgoingEmail = {
    to: payload.to,
    subject: payload.subject,
    textBody: payload.textBody,
    ...(payload.htmlBody ? { htmlBody: payload.htmlBody } : {}),
    tag: payload.purpose,
    metadata: {
      [metadataKeys.key]: payload.messageKey,
      [metadataKeys.organization]: message.tenantId,
      [metadataKeys.outbox]: id,
    },
    attachments,
  };

  let outcome: SendOutcome = await deps.sender.send(email);
  // A 429 sent nothing: back off briefly here before leaving it to the queue's longer retry.
  for (let retry = 1; outcome.kind === 'retry' && retry <= rateLimitRetries; retry += 1) {
    await pause(250 * 4 ** (retry - 1) * (0.5 + Math.random()));
    outcome = await deps.sender.send(email);
  }
  deps.logger.info('email attempt', {
    tenantId: message.tenantId,
    outboxId: id,
    outcome: outcome.kind,
    attempt: claim.record.attempts,
  });
  switch (outcome.kind) {
    case 'sent':
      return finish('completed', { result: { postmarkMessageId: outcome.messageId } });
    case 'undeliverable':
      return finish('undeliverable', { reason: outcome.reason });
    case 'rejected':
      return finish('failed', { reason: outcome.reason });
    case 'retry':
    case 'uncertain':
      await releaseOutboxRecord(repository, id, { uncertain: outcome.kind === 'uncertain', reason: outcome.reason });
      throw new EmailRetryLater(outcome.reason);
  }
}
