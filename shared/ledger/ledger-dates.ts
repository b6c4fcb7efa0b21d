import { z } from 'zod';

/**
 * Every ledger date lies in 1900-01-01..2199-12-31. Outside it a date is a typing error
 * ("0000-01-01", "20260-01-01"), and accepting one would open months nobody can ever close in
 * order and push every report's walk back through centuries of empty periods.
 */
export const earliestLedgerDate = '1900-01-01';
export const latestLedgerDate = '2199-12-31';

const yearInRange = '(?:19|20|21)\\d\\d';
const monthPattern = new RegExp(`^${yearInRange}-(?:0[1-9]|1[0-2])$`);

/** An ISO date (YYYY-MM-DD) within the ledger's range. */
export const ledgerDate = z
  .string()
  .regex(
    new RegExp(`^${yearInRange}-\\d\\d-\\d\\d$`),
    `a date YYYY-MM-DD from ${earliestLedgerDate} to ${latestLedgerDate}`,
  )
  .pipe(z.iso.date());

/** A calendar month (YYYY-MM) within the ledger's range. */
export const ledgerMonth = z.string().regex(monthPattern, 'a month YYYY-MM from 1900-01 to 2199-12');

export const isLedgerMonth = (month: string): boolean => monthPattern.test(month);

export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The last calendar day of a month (YYYY-MM-DD). */
export function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

/** An upper bound for "on or before the month's end" in string comparisons of ISO dates. */
export const monthEnd = (month: string) => `${month}-31`;

/** The day before an ISO date (for "balances before a range starts"). */
export function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}
