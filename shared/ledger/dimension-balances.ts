/** Where an amount sits: an account, and the facility and division of the lines that made it. */
export interface BalancePlace {
  readonly accountId: string;
  readonly facility: string | null;
  readonly division: string | null;
}

/** One stored row of a balance snapshot: minor units, debit positive. */
export interface SnapshotBalance extends BalancePlace {
  readonly amountMinor: string;
}

/**
 * Amounts per account, facility and division. The map key is the JSON of the three values,
 * never text joined with a separator: facility and division names may contain any character
 * (a name with "|" once moved money between divisions), and the place is kept as values, so
 * nothing is ever split back out of a key.
 */
export class DimensionBalances {
  private readonly amounts = new Map<string, { place: BalancePlace; amount: bigint }>();

  static fromSnapshot(rows: readonly SnapshotBalance[]): DimensionBalances {
    const balances = new DimensionBalances();
    for (const { amountMinor, ...place } of rows) balances.add(place, BigInt(amountMinor));
    return balances;
  }

  add(place: BalancePlace, amount: bigint): void {
    const key = JSON.stringify([place.accountId, place.facility, place.division]);
    const current = this.amounts.get(key);
    if (current) current.amount += amount;
    else
      this.amounts.set(key, {
        place: { accountId: place.accountId, facility: place.facility, division: place.division },
        amount,
      });
  }

  *entries(): IterableIterator<BalancePlace & { readonly amount: bigint }> {
    for (const { place, amount } of this.amounts.values()) yield { ...place, amount };
  }

  toSnapshot(): SnapshotBalance[] {
    return [...this.entries()].map(({ amount, ...place }) => ({ ...place, amountMinor: amount.toString() }));
  }
}
