import type { TenantRepository } from '../platform/data/tenant-repository';
import { ConflictError, ValidationError, type FieldProblem } from '../platform/errors';
import type { Organization } from '../platform/organization/organization';
import { readStoredOrganization, requireOrganization } from '../platform/organization/organization-store';
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
 * The organisation's ledger settings, from the request's copy of its document (one read per
 * request, validated where it was read). Settings the ledger cannot run without are required here.
 */
export async function readBooks(repository: TenantRepository): Promise<Books> {
  return booksOf(await requireOrganization(repository));
}

/**
 * Base currency, fiscal year start and books start change only while nothing is numbered, in a
 * batch that carries the entry counter under its ETag (onboarding's organization-settings.ts).
 * So the posting lane reads them from the store after the counter until the counter is past 0:
 * a change committed before that read is seen, one committed after it moved the counter and
 * fails the posting batch. From then on they are fixed for good.
 */
export type FixedBooks = Pick<Books, 'baseCurrency' | 'fiscalYearStartMonth' | 'booksStartMonth'>;
export const fixedBooksOf = ({ baseCurrency, fiscalYearStartMonth, booksStartMonth }: Books): FixedBooks => ({
  baseCurrency,
  fiscalYearStartMonth,
  booksStartMonth,
});

/** The settings as stored now, not the request's copy (see `FixedBooks`). */
export async function readStoredBooks(repository: TenantRepository): Promise<Books> {
  const organization = await readStoredOrganization(repository);
  if (!organization) throw new ConflictError('The organisation has no profile yet');
  return booksOf(organization);
}

function booksOf({ baseCurrency, fiscalYearStartMonth, ...organization }: Organization): Books {
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
