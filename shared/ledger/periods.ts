import type { TenantContext } from '../platform/actor';
import { ConflictError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import type { FiguresStore } from './period-store';
import { periodView, type Period } from './schemas';

export const periodType = 'period';

export interface DimensionFilter {
  readonly facility?: string;
  readonly division?: string;
}

export const periodId = (month: string) => `period-${month}`;

/**
 * The books run from a start month, and months close strictly in order from it. With both,
 * every month before the latest closed one is closed, so no posting can slip into the past
 * behind a snapshot; and a post racing the close of its own month meets it on that month's
 * period document.
 */
export async function booksStartMonth(store: FiguresStore): Promise<string> {
  const { booksStartMonth } = await store.readBooks();
  if (!booksStartMonth) throw new ConflictError('The organisation has no books start month yet');
  return booksStartMonth;
}

export async function listPeriods(deps: LedgerDependencies, context: TenantContext): Promise<Period[]> {
  const periods = await deps.periodStoreFor(context).listPeriods();
  return periods.map((period) => periodView.parse(period));
}
