import type { QueryParameter } from '../platform/data/tenant-repository';
import { withinRestrictions, type Dimensions, type Restrictions } from '../platform/auth/restrictions';

/**
 * What one member may reach in the ledger, from their facility and division restrictions.
 *
 * - Lines: a line is in reach when its facility is allowed (if facilities are restricted) and its
 *   division is allowed (if divisions are restricted), and its account is not hidden. A line
 *   without a facility (or division) belongs to the whole organisation: a member restricted on
 *   that dimension does not see it, and cannot write one.
 * - Entries: a member sees an entry only if every line is in reach; otherwise it does not exist
 *   for them (404, exactly like another organisation's id). Figures (trial balance, statements,
 *   account detail) add up the lines in reach, including those of entries they cannot open.
 * - Accounts: a facility or division on an account narrows who sees it, like a line's; an
 *   untagged account is part of the whole organisation's chart and visible to everyone (its
 *   figures are still only the lines in reach). Changing an account's definition (create, edit,
 *   delete) needs the account wholly in reach, so an untagged one is out of a restricted member's
 *   hands.
 */
export interface LedgerReach {
  /** Undefined: the whole organisation (unrestricted members, system work). */
  readonly restrictions: Restrictions | undefined;
  /** Accounts tagged with a facility or division outside the restrictions. */
  readonly hiddenAccounts: ReadonlySet<string>;
  /** Accounts the member sees; a restricted member's lines may name only these. */
  readonly visibleAccounts: ReadonlySet<string>;
}

export interface ReachLine extends Dimensions {
  readonly accountId: string;
}

export function isRestricted(restrictions: Restrictions | undefined): restrictions is Restrictions {
  return restrictions?.facilities !== undefined || restrictions?.divisions !== undefined;
}

const tagAllowed = (allowed: readonly string[] | undefined, tag: string | null | undefined) =>
  allowed === undefined || typeof tag !== 'string' || allowed.includes(tag);

export function accountVisible(restrictions: Restrictions | undefined, account: Dimensions): boolean {
  return (
    tagAllowed(restrictions?.facilities, account.facility) && tagAllowed(restrictions?.divisions, account.division)
  );
}

export const accountChangeable = (restrictions: Restrictions | undefined, account: Dimensions) =>
  withinRestrictions(restrictions, account);

export function lineInReach(reach: LedgerReach, line: ReachLine): boolean {
  return withinRestrictions(reach.restrictions, line) && !reach.hiddenAccounts.has(line.accountId);
}

export const entryInReach = (reach: LedgerReach, entry: { readonly lines: readonly ReachLine[] }) =>
  entry.lines.every((line) => lineInReach(reach, line));

/**
 * The same rules as Cosmos conditions, so pages come back full. Every term is guarded with
 * IS_STRING: in Cosmos a comparison with a missing field is undefined, and NOT undefined is not
 * true, so an unguarded "outside" test would let an untagged line through. Results are checked
 * again in memory; these conditions only keep the work down.
 */
export function reachConditions(reach: LedgerReach): {
  readonly accountVisible: string;
  readonly lineOutside: (alias: string) => string;
  readonly parameters: QueryParameter[];
} {
  const parameters: QueryParameter[] = [{ name: '@reachHiddenAccounts', value: [...reach.hiddenAccounts] }];
  const accountTerms: string[] = [];
  const outsideTerms: Array<(l: string) => string> = [(l) => `ARRAY_CONTAINS(@reachHiddenAccounts, ${l}.accountId)`];
  for (const [field, allowed, name] of [
    ['facility', reach.restrictions?.facilities, '@reachFacilities'],
    ['division', reach.restrictions?.divisions, '@reachDivisions'],
  ] as const) {
    if (allowed === undefined) continue;
    parameters.push({ name, value: [...allowed] });
    accountTerms.push(`(NOT IS_STRING(c.${field}) OR ARRAY_CONTAINS(${name}, c.${field}))`);
    outsideTerms.push((l) => `NOT IS_STRING(${l}.${field}) OR NOT ARRAY_CONTAINS(${name}, ${l}.${field})`);
  }
  return {
    accountVisible: accountTerms.length > 0 ? accountTerms.join(' AND ') : 'true',
    lineOutside: (l) => `(${outsideTerms.map((term) => term(l)).join(' OR ')})`,
    parameters,
  };
}
