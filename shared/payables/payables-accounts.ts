import { ValidationError } from '../platform/errors';
import type { PayablesStore } from './payables-store';

/**
 * An account a payables record names: it must exist in the organisation, be active and of one
 * of the types the field allows (a bill line debits an expense or an asset; AP control is a
 * liability). Posting checks the account again in its batch; this is the early, readable refusal.
 */
export async function requireAccount(
  store: Pick<PayablesStore, 'findAccount'>,
  accountId: string,
  types: readonly string[],
  field: string,
): Promise<void> {
  const account = await store.findAccount(accountId);
  if (!account || !account.active || account.deleted || !types.includes(account.accountType))
    throw new ValidationError('The record names an account it cannot use', [
      { field, reason: `an active ${types.join(' or ')} account of the organisation` },
    ]);
}
