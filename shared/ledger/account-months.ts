import type { Stored } from '../platform/data/stored-document';
import type { BalancePlace, DimensionBalances } from './dimension-balances';
import type { JournalEntry } from './journal-entry';

export const accountMonthType = 'account-month';
export const accountMonthId = (accountId: string, month: string) => `account-month-${accountId}-${month}`;

/**
 * One account's running balance for one month: what its posted lines moved, per day ("01".."31",
 * all present from creation so an increment always has its parent) and per facility and
 * division. The posting lane adds every batch's lines to it with `incr` patches, which take no
 * ETag, so concurrent batches never race on it; a report reads one document per account and open
 * month instead of every entry since the last close.
 *
 * A movement is kept as two JSON numbers, `h<place>` and `l<place>`, such that the movement is
 * h x 2^26 + l with 0 <= l < 2^26 per increment: Cosmos adds doubles, exact only below 2^53, and
 * one line may carry 10^18 minor units (15 whole digits and 3 decimals). Each half stays exact
 * for over a hundred million increments per account, day and place; a document that holds a
 * number that is not a safe integer anyway is not trusted (running-balances.ts scans instead).
 */
export interface AccountMonth {
  readonly accountId: string;
  readonly month: string;
  readonly days: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** What one batch adds to an account's month: per day, per place key, minor units, debit positive. */
export interface AccountMonthMovement {
  readonly id: string;
  readonly accountId: string;
  readonly month: string;
  readonly days: Map<string, Map<string, bigint>>;
}

const lowBase = 2n ** 26n;
/** Cosmos applies at most 10 operations in one patch. */
export const maxPatchOperations = 10;
export const monthDays = Array.from({ length: 31 }, (_, i) => String(i + 1).padStart(2, '0'));

/**
 * A place as a property name: base64url of its JSON. Facility and division names may hold any
 * character; this alphabet has neither "/" nor "~", so the patch path needs no JSON-pointer escape.
 */
const placeKey = (facility: string | null, division: string | null) =>
  Buffer.from(JSON.stringify([facility, division])).toString('base64url');

function placeOf(key: string): Pick<BalancePlace, 'facility' | 'division'> {
  const [facility, division] = JSON.parse(Buffer.from(key, 'base64url').toString()) as [string | null, string | null];
  return { facility, division };
}

export function accountMonthMovements(entries: readonly Pick<JournalEntry, 'date' | 'lines'>[]) {
  const movements = new Map<string, AccountMonthMovement>();
  for (const { date, lines } of entries) {
    const month = date.slice(0, 7);
    for (const line of lines) {
      const id = accountMonthId(line.accountId, month);
      let movement = movements.get(id);
      if (!movement) movements.set(id, (movement = { id, accountId: line.accountId, month, days: new Map() }));
      let places = movement.days.get(date.slice(8, 10));
      if (!places) movement.days.set(date.slice(8, 10), (places = new Map<string, bigint>()));
      const key = placeKey(line.facility, line.division);
      const amount = BigInt(line.amountMinor);
      places.set(key, (places.get(key) ?? 0n) + (line.side === 'debit' ? amount : -amount));
    }
  }
  return movements;
}

export interface Increment {
  readonly day: string;
  readonly name: string;
  readonly value: number;
}

export function incrementsOf(movement: AccountMonthMovement): Increment[] {
  const increments: Increment[] = [];
  for (const [day, places] of movement.days)
    for (const [key, amount] of places) {
      const low = ((amount % lowBase) + lowBase) % lowBase;
      for (const [name, value] of [
        [`h${key}`, (amount - low) / lowBase],
        [`l${key}`, low],
      ] as const) {
        if (value === 0n) continue;
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || -value > BigInt(Number.MAX_SAFE_INTEGER))
          throw new Error(`a running-balance increment of ${value} would not be exact`);
        increments.push({ day, name, value: Number(value) });
      }
    }
  return increments;
}

/**
 * At most the operations a batch spends on these entries' running balances: per account and
 * month, a patch per five day-and-place pairs (two numbers each); a create is one. Counted
 * without amounts: the lane asks once per entry it considers for a batch.
 */
export function accountMonthOperations(entries: readonly Pick<JournalEntry, 'date' | 'lines'>[]): number {
  const pairs = new Map<string, Set<string>>();
  for (const { date, lines } of entries)
    for (const line of lines) {
      const id = accountMonthId(line.accountId, date.slice(0, 7));
      let places = pairs.get(id);
      if (!places) pairs.set(id, (places = new Set()));
      places.add(JSON.stringify([date, line.facility, line.division]));
    }
  return [...pairs.values()].reduce((n, places) => n + Math.ceil((2 * places.size) / maxPatchOperations), 0);
}

/** The account-month documents these entries add to. */
export const accountMonthIdsOf = (entries: readonly Pick<JournalEntry, 'date' | 'lines'>[]) => [
  ...new Set(entries.flatMap(({ date, lines }) => lines.map((l) => accountMonthId(l.accountId, date.slice(0, 7))))),
];

/** Whether every number of the document is exact (see AccountMonth). */
export const accountMonthExact = (document: AccountMonth) =>
  Object.values(document.days).every((places) => Object.values(places).every((n) => Number.isSafeInteger(n)));

/** Adds the document's movements on days up to `lastDay` ("01".."31") to the balances. */
export function addAccountMonth(balances: DimensionBalances, document: AccountMonth, lastDay: string): void {
  for (const [day, places] of Object.entries(document.days)) {
    if (day > lastDay) continue;
    for (const [name, value] of Object.entries(places)) {
      const amount = name.startsWith('h') ? BigInt(value) * lowBase : BigInt(value);
      balances.add({ accountId: document.accountId, ...placeOf(name.slice(1)) }, amount);
    }
  }
}

/** The document with only the places `inReach` keeps (a restricted member's figures). */
export function accountMonthWithin<T extends Stored<AccountMonth>>(
  document: T,
  inReach: (place: BalancePlace) => boolean,
): T {
  const days = Object.fromEntries(
    Object.entries(document.days).map(([day, places]) => [
      day,
      Object.fromEntries(
        Object.entries(places).filter(([name]) =>
          inReach({ accountId: document.accountId, ...placeOf(name.slice(1)) }),
        ),
      ),
    ]),
  );
  return { ...document, days };
}
