import type { TenantContext } from '../actor';
import type { Container } from '@azure/cosmos';
import { findIdempotencyRecord, runIdempotent, type IdempotentOutcome } from '../data/idempotency';
import { TenantRepository, type TenantTransaction } from '../data/tenant-repository';

/**
 * Queue delivery is at-least-once: the same message can arrive twice (a retry after a
 * timeout, a duplicate send). Each message names its effect with a stable key (a payment id,
 * an email id); the effect's writes commit together with a record of that key, so a second
 * delivery finds the record and does nothing.
 */
export function processOnce<R>(
  container: Container,
  context: TenantContext,
  queue: string,
  effectKey: string,
  message: unknown,
  work: (transaction: TenantTransaction, repository: TenantRepository) => Promise<R>,
): Promise<IdempotentOutcome<R>> {
  const repository = new TenantRepository(container, context);
  return runIdempotent(repository, `queue:${queue}`, effectKey, message, (transaction) =>
    work(transaction, repository),
  );
}

/**
 * Whether a message's effect already committed: work that reads a whole organisation before its
 * effect (a migration) checks this first, so a duplicate delivery after the fact costs one read.
 */
export async function processedBefore(
  container: Container,
  context: TenantContext,
  queue: string,
  effectKey: string,
): Promise<boolean> {
  const repository = new TenantRepository(container, context);
  return (await findIdempotencyRecord(repository, `queue:${queue}`, effectKey)) !== undefined;
}
