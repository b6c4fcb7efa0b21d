import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import type { TenantContext } from '../platform/actor';
import type { Books } from './books';
import { journalEntryType, type JournalEntry } from './journal-entry';

/** One entry to post: what its poster prepared, written through the poster's own repository. */
export interface PostingRequest {
  /** The poster's repository: it applies their restrictions and attributes the writes to them. */
  readonly repository: TenantRepository;
  readonly context: TenantContext;
  readonly entryId: string;
  readonly entry: JournalEntry;
  /** The draft being posted, replaced under its ETag; absent when the entry is new. */
  readonly existing?: Stored<JournalEntry>;
  readonly audit: { readonly action: string; readonly details?: Record<string, string | number | boolean | null> };
  /** More writes of the same business operation (a reversal link, an idempotency record). */
  readonly stage?: (transaction: TenantTransaction) => void;
  /** A refusal that depends on the organisation's settings (dual control), checked with the batch's reading of them. */
  readonly check?: (books: Books) => void;
  /**
   * A document numbered from a gap-free counter of its own in the same batch (an invoice gets
   * its invoice number with the entry that posts it): the lane reads each counter once per group.
   */
  readonly numbered?: {
    readonly counter: string;
    readonly stage: (transaction: TenantTransaction, number: number) => void;
  };
}

/**
 * The writes that post one entry with its number, in its poster's name: the entry, final, and
 * its audit record (chained when the batch commits). Throws what the poster's repository refuses
 * (lines outside a restricted member's reach, a draft already final).
 */
export function postedEntryWrites(request: PostingRequest, number: number, now: Date): TenantTransaction {
  const { repository, context, entry, entryId, existing, audit } = request;
  const posted: JournalEntry = {
    ...entry,
    status: 'posted',
    number,
    postedAt: now.toISOString(),
    postedBy: context.actor.id,
  };
  const writes = repository.transaction();
  if (existing) writes.replace(existing, posted, { immutable: true });
  else writes.create(journalEntryType, entryId, posted, { immutable: true });
  const target = { type: 'journal-entry', id: entryId };
  const details = { number, ...audit.details };
  writes.audit({ context, entry: { action: audit.action, target, details }, at: now });
  request.stage?.(writes);
  return writes;
}
