import { createHash, timingSafeEqual } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { TenantContext } from '../actor';
import { stageAuditRecord } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { BasicCredentials } from '../config/secrets';
import { retryOnConflict } from '../data/retry';
import { TenantRepository } from '../data/tenant-repository';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../errors';
import { outboxType, type OutboxRecord } from '../outbox/outbox-record';
import { metadataKeys } from './email-delivery';
import type { EmailPayload } from './email-message';
import { normalizedAddress, stageSuppression } from './email-suppression';
import type { PostmarkBounce } from './schemas';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Postmark signs nothing: its webhooks prove themselves with the HTTP Basic credentials in the
 * URL configured at Postmark. Compared in constant time (hashes of equal length, so neither the
 * content nor the length of the secret leaks through timing).
 */
export function checkBasicCredentials(header: string | undefined, expected: BasicCredentials): void {
  const given = /^Basic ([A-Za-z0-9+/=]{1,1000})$/.exec(header ?? '')?.[1];
  const text = given ? Buffer.from(given, 'base64').toString('utf8') : '';
  if (!timingSafeEqual(digest(text), digest(`${expected.username}:${expected.password}`)))
    throw new UnauthenticatedError('The webhook credentials are not valid', { verified: false });
}

export const bounceRecordType = 'postmark-bounce';
export const bounceRecordId = (bounceId: number) => `postmark-bounce-${bounceId}`;

export interface BounceOutcome {
  readonly bounceId: number;
  readonly suppressed: boolean;
}

/**
 * Records a bounce Postmark reports. The organisation comes from the bounced message's Metadata
 * (the app put it there when it sent the message), and is believed only when that
 * organisation's own outbox holds the message: the outbox record named in the Metadata must
 * have been sent as exactly this Postmark MessageID to exactly this address. So a caller with
 * the webhook credentials still cannot touch an organisation's data with a made-up payload.
 * Each bounce id is recorded once, in the same transaction as the suppression and the audit
 * record: a replay is refused (409) and changes nothing.
 */
export async function recordPostmarkBounce(
  deps: { readonly container: Container; readonly clock: Clock },
  bounce: PostmarkBounce,
  request: { readonly ip: string; readonly userAgent?: string },
): Promise<BounceOutcome> {
  const tenantId = bounce.Metadata[metadataKeys.organization];
  const outboxId = bounce.Metadata[metadataKeys.outbox];
  const unknown = () => new NotFoundError('The bounced message is not one this app sent');
  if (!tenantId || !outboxId) throw unknown();
  const context: TenantContext = {
    tenantId,
    actor: { id: 'system:postmark-webhook', kind: 'system', ip: request.ip, userAgent: request.userAgent },
  };
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const sent = await repository.find<OutboxRecord<EmailPayload>>(outboxType, outboxId);
  const address = normalizedAddress(bounce.Email);
  if (
    sent?.work !== 'email' ||
    sent.result?.postmarkMessageId !== bounce.MessageID ||
    !sent.payload.to.some((to) => normalizedAddress(to) === address)
  )
    throw unknown();

  const replay = () => new ConflictError(`Bounce ${bounce.ID} was already recorded`);
  // The bounce record or the audit chain's head raced: a replay is found on the retry, the head settles.
  return retryOnConflict('The bounce record', async () => {
    if (await repository.find(bounceRecordType, bounceRecordId(bounce.ID))) throw replay();
    const transaction = repository.transaction();
    transaction.create(
      bounceRecordType,
      bounceRecordId(bounce.ID),
      {
        bounceId: bounce.ID,
        type: bounce.Type,
        address,
        postmarkMessageId: bounce.MessageID,
        outboxId,
        bouncedAt: bounce.BouncedAt,
        inactive: bounce.Inactive,
      },
      { immutable: true },
    );
    // Postmark made the address inactive (a hard bounce, a complaint): stop mailing it.
    if (bounce.Inactive)
      await stageSuppression(repository, transaction, {
        address,
        reason: bounce.Type,
        bounceId: bounce.ID,
        bouncedAt: bounce.BouncedAt,
        postmarkMessageId: bounce.MessageID,
        outboxId,
      });
    await stageAuditRecord(
      repository,
      transaction,
      context,
      {
        action: 'email.bounced',
        target: { type: 'email-address', id: address },
        details: { bounceId: bounce.ID, type: bounce.Type, suppressed: bounce.Inactive, outboxId },
      },
      deps.clock.now(),
    );
    await transaction.commit();
    return { bounceId: bounce.ID, suppressed: bounce.Inactive };
  });
}
