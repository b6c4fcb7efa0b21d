import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import type { Stored } from '../platform/data/stored-document';
import type { JournalEntry } from './journal-entry';

/**
 * The version of an entry that a reviewer approves: a SHA-256 over everything posting records
 * (date, memo, reference, currency, every line, what it reverses) in canonical JSON. An approval
 * must name it, and any edit changes it, so nobody approves a draft other than the one they read.
 * Content rather than the storage ETag: submitting does not invalidate a review, and anyone can
 * recompute the value from what GET shows.
 */
export function entryVersion(entry: JournalEntry): string {
  const { date, memo, reference, currency, lines, reversalOf } = entry;
  const content = {
    date,
    memo,
    reference,
    currency,
    reversalOf,
    lines: lines.map(({ accountId, side, amountMinor, facility, division, memo: lineMemo }) => ({
      accountId,
      side,
      amountMinor,
      facility,
      division,
      memo: lineMemo,
    })),
  };
  return createHash('sha256').update(canonicalize(content)).digest('hex');
}

/** Who wrote or edited a draft; drafts from before the list was kept have their creator. */
export const draftersOf = (entry: Stored<JournalEntry>): readonly string[] => entry.drafters ?? [entry.createdBy];

/** The drafters with this member added: whoever edits a draft answers for it as its author does. */
export function withDrafter(entry: Stored<JournalEntry>, memberId: string): readonly string[] {
  const drafters = draftersOf(entry);
  return drafters.includes(memberId) ? drafters : [...drafters, memberId];
}
