import { balancesAsOf } from '../ledger/balance-snapshots';
import { listPayableBills } from '../payables/bill-payments';
import type { Check } from './integrity-checks';

/**
 * The open bills (payables' own list, `listPayableBills`) equal the AP control account's credit
 * balance. Bills keep their open amount as of now, so the control account is read as of the
 * run's date (today for the nightly run).
 */
export const apSubledger: Check = async (deps, context, asOf) => {
  const { apControlAccountId } = await deps.payables.storeFor(context).readSettings();
  if (!apControlAccountId) return { status: 'not-applicable', detail: 'payables are not set up' };
  const bills = await listPayableBills(deps.payables, context);
  const open = bills.reduce((sum, bill) => sum + bill.openMinor, 0n);
  const control = -((await balancesAsOf(deps.figuresFor(context), asOf)).get(apControlAccountId) ?? 0n);
  return open === control
    ? { status: 'ok', detail: `${bills.length} open bills and the control account both ${control} minor units` }
    : { status: 'break', detail: `open bills ${open} but control account ${control} minor units as of ${asOf}` };
};
