import type { Period } from './schemas';

/**
 * A period as stored. `runningBalances`: every posting of the month also went into its accounts'
 * running balances (account-months.ts), so reports read those instead of the month's entries.
 * The lane sets it when it creates the period; months it did not create (periods written before
 * running balances existed) lack it and are read from their entries, with no migration step.
 */
export type StoredPeriod = Period & { readonly runningBalances?: true };

/** What the posting lane knows of a month's period document (unknown until a batch tells it). */
export type PeriodState = 'exists' | 'absent';
