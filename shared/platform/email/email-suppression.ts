import { createHash } from 'node:crypto';
import type { TenantRepository, TenantTransaction } from '../data/tenant-repository';

export const emailSuppressionType = 'email-suppression';

/**
 * An address the organisation must not email any more (Postmark reported a hard bounce or a
 * spam complaint: it made the address inactive). Customers and vendors do not exist yet, so the
 * organisation keeps one list keyed by address; the outbox consults it before every send, and
 * the receivables and payables domains consult it for their contacts (a statement run skips and
 * reports a suppressed address).
 */
export interface EmailSuppression {
  readonly address: string;
  /** Postmark's bounce type (`HardBounce`, `SpamComplaint`...). */
  readonly reason: string;
  readonly bounceId: number;
  readonly bouncedAt: string;
  /** The message that bounced, as Postmark and our outbox know it. */
  readonly postmarkMessageId: string;
  readonly outboxId: string;
}

export const normalizedAddress = (address: string) => address.trim().toLowerCase();

/** One record per address (ids cannot hold every character an address may). */
export const suppressionId = (address: string) =>
  `email-suppression-${createHash('sha256').update(normalizedAddress(address)).digest('hex').slice(0, 40)}`;

export async function findSuppression(repository: TenantRepository, address: string) {
  return repository.find<EmailSuppression>(emailSuppressionType, suppressionId(address));
}

/** The addresses among `addresses` the organisation must not email. */
export async function suppressedAmong(repository: TenantRepository, addresses: readonly string[]): Promise<string[]> {
  const found = await Promise.all(
    addresses.map(async (address) => ((await findSuppression(repository, address)) ? address : undefined)),
  );
  return found.filter((address): address is string => address !== undefined);
}

/** Adds (or refreshes) an address's suppression in a transaction. */
export async function stageSuppression(
  repository: TenantRepository,
  transaction: TenantTransaction,
  entry: EmailSuppression,
): Promise<void> {
  const existing = await findSuppression(repository, entry.address);
  const record = { ...entry, address: normalizedAddress(entry.address) };
  if (existing) transaction.replace(existing, record);
  else transaction.create(emailSuppressionType, suppressionId(entry.address), record);
}
