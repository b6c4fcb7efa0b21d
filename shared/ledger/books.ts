import { ConflictError, ValidationError, type FieldProblem } from '../platform/errors';
import type { Organization } from '../platform/organization/organization';
import { currencyExponent } from './money';

/** What the ledger needs from the organisation's document, checked once where it is read. */
export interface Books {
  readonly baseCurrency: string;
  readonly fiscalYearStartMonth: number;
  readonly booksStartMonth: string | null;
  readonly dualControl: boolean;
  readonly retainedEarningsAccountId: string | null;
}

/**
 * Base currency, fiscal year start and books start change only while nothing is numbered, in a
 * batch that carries the entry counter under its ETag (onboarding's organization-settings.ts).
 * So the posting lane reads them from the store (`readStoredBooks`) after the counter until the
 * counter is past 0: a change committed before that read is seen, one committed after it moved
 * the counter and fails the posting batch. From then on they are fixed for good.
 */
export type FixedBooks = Pick<Books, 'baseCurrency' | 'fiscalYearStartMonth' | 'booksStartMonth'>;
export const fixedBooksOf = ({ baseCurrency, fiscalYearStartMonth, booksStartMonth }: Books): FixedBooks => ({
  baseCurrency,
  fiscalYearStartMonth,
  booksStartMonth,
});

/**
 * The ledger's settings from the organisation's document (read by cosmos-books-store.ts). Settings
 * the ledger cannot run without are required here.
 */
export function booksOf({ baseCurrency, fiscalYearStartMonth, ...organization }: Organization): Books {
  // A silent "USD" would state a yen ledger's figures in dollars; a silent January year-end would
  // post a closing entry in the wrong month.
  if (!baseCurrency)
    throw new ConflictError('The organisation has no base currency set; the ledger cannot run without one');
  if (!fiscalYearStartMonth) throw new ConflictError('The organisation has no fiscal year start month set');
  currencyExponent(baseCurrency);
  return {
    baseCurrency,
    fiscalYearStartMonth,
    booksStartMonth: organization.booksStartMonth ?? null,
    dualControl: organization.dualControl === true,
    retainedEarningsAccountId: organization.retainedEarningsAccountId ?? null,
  };
}

/**
 * Until the ledger converts currencies, every entry is in the base currency: reports sum minor
 * units, so a JPY 10000 line would otherwise read as USD 100.00.
 */
export function currencyProblem(books: Books, currency: string): FieldProblem | undefined {
  if (currency === books.baseCurrency) return undefined;
  return {
    field: 'currency',
    reason: `must be ${books.baseCurrency}, the organisation's base currency (other currencies are not supported yet)`,
  };
}

export function requireBaseCurrency(books: Books, currency: string): void {
  const problem = currencyProblem(books, currency);
  if (problem) throw new ValidationError(`Entries are in the organisation's base currency`, [problem]);
}
