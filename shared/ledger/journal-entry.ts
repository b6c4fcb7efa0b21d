import type { Side } from './posting-rules';

export const journalEntryType = 'journal-entry';
/** Links an original to its reversal; its fixed id (`reversal-of-<original>`) makes a second reversal collide. */
export const reversalLinkType = 'journal-reversal';

/** Lines as stored and sent: amounts in minor units as decimal-free strings (JSON has no bigint). */
export interface StoredLine {
  readonly accountId: string;
  readonly side: Side;
  readonly amountMinor: string;
  readonly facility: string | null;
  readonly division: string | null;
  readonly memo: string | null;
}

export interface JournalEntry {
  /** A draft is written, submitted by one of its drafters, then posted (under dual control: approved). */
  readonly status: 'draft' | 'submitted' | 'posted';
  readonly number: number | null;
  readonly date: string;
  readonly memo: string;
  readonly reference: string | null;
  readonly currency: string;
  readonly lines: readonly StoredLine[];
  readonly reversalOf: string | null;
  readonly postedAt: string | null;
  readonly postedBy: string | null;
  /** Every member who wrote or edited the draft: none of them may approve it. Absent on older drafts: the creator. */
  readonly drafters?: readonly string[];
  readonly submittedBy?: string | null;
  readonly submittedAt?: string | null;
  /** A year-end closing entry (income and expense into retained earnings); statements of income leave it out. */
  readonly closing?: true;
}

/** What a new entry says; the rest of an entry not yet posted is the same for every one. */
export type EntryContent = Pick<JournalEntry, 'date' | 'memo' | 'reference' | 'currency' | 'lines'> &
  Partial<Pick<JournalEntry, 'reversalOf' | 'drafters'>>;

/** A new draft: not numbered, posted or submitted; no drafters unless given (a system posting has none). */
export function newEntry(content: EntryContent): JournalEntry {
  return {
    status: 'draft',
    number: null,
    reversalOf: null,
    postedAt: null,
    postedBy: null,
    drafters: [],
    submittedBy: null,
    submittedAt: null,
    ...content,
  };
}
