import { accountType, type Account } from './accounts';
import { accountMonthType, type AccountMonth } from './account-months';
import {
  snapshotId,
  snapshotPartId,
  snapshotPartType,
  snapshotType,
  type BalanceSnapshot,
  type BalanceSnapshotPart,
} from './balance-snapshots';
import { readBooks } from './cosmos-books-store';
import { DimensionBalances } from './dimension-balances';
import type { OpenLedger } from './cosmos-ledger-store';
import type { StoredPeriod } from './period-postings';
import type { DateRange, FiguresStore } from './period-store';
import { periodId, periodType } from './periods';
import type { Period } from './schemas';

const posted = "c.status = 'posted'";

/**
 * The figures over Cosmos for one caller: every read goes through the caller's LedgerRepository
 * (opened on the first read, shared with the caller's other ledger stores), which keeps only what
 * is in their reach.
 */
export function cosmosFiguresStore(open: OpenLedger): FiguresStore {
  return {
    readBooks: async () => readBooks(await open()),
    listAccounts: async () => (await open()).queryAll<Account>(accountType, { orderBy: 'c.code ASC' }),
    findPeriod: async (month) => (await open()).find<StoredPeriod>(periodType, periodId(month)),
    async listPeriods({ closed, after, through } = {}) {
      const where = [
        ...(closed ? ["c.status != 'open'"] : []),
        ...(after ? ['c.month > @after'] : []),
        ...(through ? ['c.month <= @through'] : []),
      ];
      return (await open()).queryAll<StoredPeriod>(periodType, {
        ...(where.length > 0 ? { where: where.join(' AND ') } : {}),
        parameters: [
          ...(after ? [{ name: '@after', value: after }] : []),
          ...(through ? [{ name: '@through', value: through }] : []),
        ],
        orderBy: 'c.month ASC',
      });
    },
    async latestClosedPeriod(onOrBefore) {
      const { items } = await (
        await open()
      ).query<Period>(periodType, {
        where: `c.status != 'open'${onOrBefore ? ' AND c.month <= @month' : ''}`,
        parameters: onOrBefore ? [{ name: '@month', value: onOrBefore }] : [],
        orderBy: 'c.month DESC',
        maxItemCount: 1,
      });
      return items[0];
    },
    async readSnapshot(month, version) {
      const repository = await open();
      const header = await repository.find<BalanceSnapshot>(snapshotType, snapshotId(month, version));
      if (!header) return undefined;
      const parts = await Promise.all(
        Array.from({ length: header.parts }, (_, index) =>
          repository.get<BalanceSnapshotPart>(snapshotPartType, snapshotPartId(header.id, header.build, index)),
        ),
      );
      return DimensionBalances.fromSnapshot(parts.flatMap((part) => part.rows));
    },
    accountMonths: async (months) =>
      months.length === 0
        ? []
        : (await open()).queryAll<AccountMonth>(accountMonthType, {
            where: 'ARRAY_CONTAINS(@months, c.month)',
            parameters: [{ name: '@months', value: months }],
          }),
    async postedEntries(ranges) {
      if (ranges.length === 0) return [];
      const inRange = ({ from }: DateRange, i: number) =>
        from === undefined ? `c.date <= @to${i}` : `(c.date >= @from${i} AND c.date <= @to${i})`;
      return (await open()).queryAllLines({
        where: `${posted} AND (${ranges.map(inRange).join(' OR ')})`,
        parameters: ranges.flatMap(({ from, to }, i) => [
          ...(from === undefined ? [] : [{ name: `@from${i}`, value: from }]),
          { name: `@to${i}`, value: to },
        ]),
      });
    },
    closingEntries: async ({ from, to }) =>
      (await open()).queryAllLines({
        where: `${posted} AND c.closing = true AND c.date >= @from AND c.date <= @to`,
        parameters: [
          { name: '@from', value: from },
          { name: '@to', value: to },
        ],
      }),
    accountEntries: async (accountId, { from, to }, page) =>
      (await open()).queryLines({
        where: `${posted} AND c.date >= @from AND c.date <= @to AND ARRAY_CONTAINS(c.lines, { accountId: @account }, true)`,
        parameters: [
          { name: '@from', value: from },
          { name: '@to', value: to },
          { name: '@account', value: accountId },
        ],
        orderBy: 'c.date ASC',
        maxItemCount: page.size,
        ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
      }),
  };
}
