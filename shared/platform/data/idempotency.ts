import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import { ConflictError } from '../errors';
import { type TenantRepository, type TenantTransaction } from './tenant-repository';
import { retryOnConflict } from './retry';

export const idempotencyRecordType = 'idempotency-record';

interface IdempotencyRecord {
  readonly scope: string;
  /** Whose key this is: the actor that sent it. */
  readonly owner: string;
  readonly requestHash: string;
  readonly result: unknown;
}

export interface IdempotentOutcome<R> {
  readonly result: R;
  /** True when this is the stored result of an earlier request with the same key. */
  readonly replayed: boolean;
}

/**
 * The same key from the same actor in the same scope and tenant always maps to the same document
 * id. Keys belong to whoever sent them: clients pick keys, and two members picking the same one
 * (a counter, a file name) must each get their own result, never the other's draft. Queue work
 * runs as one fixed system actor per queue, so its effect keys stay shared across deliveries.
 */
function idempotencyRecordId(scope: string, owner: string, key: string): string {
  return `idem-${createHash('sha256').update(`${scope}\n${owner}\n${key}`).digest('hex').slice(0, 48)}`;
}

/** The record a key left, if its operation already committed (a queue's duplicate delivery stops here). */
export function findIdempotencyRecord(
  repository: TenantRepository,
  scope: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  return repository.find<IdempotencyRecord>(
    idempotencyRecordType,
    idempotencyRecordId(scope, repository.actor.id, key),
  );
}

export function requestHash(request: unknown): string {
  return createHash('sha256')
    .update(canonicalize(request ?? null))
    .digest('hex');
}

/**
 * Runs a creating operation at most once per Idempotency-Key and actor. The key's record is created in
 * the same transactional batch as the operation's own writes, so of any number of concurrent
 * requests with one key exactly one batch commits (the others fail on the record's id, write
 * nothing, and then find the record). A retry with the same key and request gets the first
 * result; the same key with a different request is a conflict, never a silent replay.
 */
export async function runIdempotent<R>(
  repository: TenantRepository,
  scope: string,
  key: string,
  request: unknown,
  work: (transaction: TenantTransaction) => Promise<R>,
  /** How the operation's writes and the key's record are committed (the posting lane commits them with others). */
  commit: (transaction: TenantTransaction) => Promise<unknown> = (transaction) => transaction.commit(),
): Promise<IdempotentOutcome<R>> {
  const owner = repository.actor.id;
  const id = idempotencyRecordId(scope, owner, key);
  const hash = requestHash(request);
  return retryOnConflict('The idempotency record', async () => {
    const existing = await repository.find<IdempotencyRecord>(idempotencyRecordType, id);
    if (existing) {
      if (existing.requestHash !== hash) {
        throw new ConflictError('This Idempotency-Key was already used with a different request');
      }
      return { result: existing.result as R, replayed: true };
    }
    const transaction = repository.transaction();
    const result = await work(transaction);
    transaction.create<IdempotencyRecord>(
      idempotencyRecordType,
      id,
      { scope, owner, requestHash: hash, result },
      { immutable: true },
    );
    await commit(transaction);
    return { result, replayed: false };
  });
}
