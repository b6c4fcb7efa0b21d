import type { SqlParameter } from '@azure/cosmos';

/**
 * Facility and division restrictions narrow what a member sees within the resources their
 * levels allow. The two dimensions apply independently: a record is within reach only if its
 * facility is allowed (when facilities are restricted) and its division is allowed (when
 * divisions are restricted). A restricted member does not see untagged records, which belong
 * to the whole organisation (the ledger's shared chart of accounts is the one exception: see
 * shared/ledger/ledger-reach.ts).
 */
export interface Restrictions {
  readonly facilities?: readonly string[];
  readonly divisions?: readonly string[];
}

export interface Dimensions {
  readonly facility?: string | null;
  readonly division?: string | null;
}

function allows(allowed: readonly string[] | undefined, value: string | null | undefined): boolean {
  return allowed === undefined || (typeof value === 'string' && allowed.includes(value));
}

export function withinRestrictions(restrictions: Restrictions | undefined, record: Dimensions): boolean {
  return allows(restrictions?.facilities, record.facility) && allows(restrictions?.divisions, record.division);
}

/** The same rule as a Cosmos query condition on `c.facility` / `c.division`, for lists and reports. */
export function restrictionCondition(restrictions: Restrictions | undefined): {
  where?: string;
  parameters: SqlParameter[];
} {
  const parts: string[] = [];
  const parameters: SqlParameter[] = [];
  if (restrictions?.facilities !== undefined) {
    parts.push('ARRAY_CONTAINS(@allowedFacilities, c.facility)');
    parameters.push({ name: '@allowedFacilities', value: [...restrictions.facilities] });
  }
  if (restrictions?.divisions !== undefined) {
    parts.push('ARRAY_CONTAINS(@allowedDivisions, c.division)');
    parameters.push({ name: '@allowedDivisions', value: [...restrictions.divisions] });
  }
  return parts.length > 0 ? { where: parts.join(' AND '), parameters } : { parameters };
}
