export const counterType = 'journal-entry-counter';
export const counterId = 'journal-entry-counter';

/**
 * The organisation's last entry number: every path that numbers an entry (a post, a close, a
 * reopen) replaces it under its ETag, so numbers are gap-free and never reused
 * (`stageNextEntryNumber` in cosmos-posting-writes.ts; posts take theirs several at a time in the
 * posting lane).
 */
export interface EntryCounter {
  readonly last: number;
}
