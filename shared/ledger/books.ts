import type { TenantRepository } from '../platform/data/tenant-repository';
import { ConflictError, ValidationError, type FieldProblem } from '../platform/errors';
import { currencyExponent } from './money';

/** What the ledger needs from the organisation's document, checked once where it is read. */
export interface Books {
  readonly baseCurrency: string;
  readonly fiscalYearStartMonth: number;
  readonly booksStartMonth: string | null;
  readonly dualControl: boolean;
  readonly retainedEarningsAccountId: string | null;
}

interface OrganizationBooksFields {
  readonly baseCurrency?: unknown;
  readonly fiscalYearStartMonth?: unknown;
  readonly booksStartMonth?: unknown;
  readonly dualControl?: unknown;
  readonly retainedEarningsAccountId?: unknown;
}

/**
 * Reads the organisation's ledger settings. A missing or malformed base currency or fiscal year
 * is an error, never a default: a silent "USD" would state a yen ledger's figures in dollars, and
 * a silent January year-end would post a closing entry in the wrong month.
 */
export async function readBooks(repository: TenantRepository): Promise<Books> {
  const organization = await repository.find<OrganizationBooksFields>('organization', repository.tenantId);
  if (!organization) throw new ConflictError('The organisation has no profile yet');
  const { baseCurrency, fiscalYearStartMonth, booksStartMonth, dualControl, retainedEarningsAccountId } = organization;
  if (typeof baseCurrency !== 'string' || !/^[A-Z]{3}$/.test(baseCurrency))
    throw new ConflictError('The organisation has no base currency set; the ledger cannot run without one');
  currencyExponent(baseCurrency);
  const yearStart = typeof fiscalYearStartMonth === 'number' ? fiscalYearStartMonth : 0;
  if (!Number.isInteger(yearStart) || yearStart < 1 || yearStart > 12)
    throw new ConflictError('The organisation has no fiscal year start month set');
  return {
    baseCurrency,
    fiscalYearStartMonth: yearStart,
    booksStartMonth: typeof booksStartMonth === 'string' ? booksStartMonth : null,
    dualControl: dualControl === true,
    retainedEarningsAccountId: typeof retainedEarningsAccountId === 'string' ? retainedEarningsAccountId : null,
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
