/**
 * PayablesForRuns over shared/payables: bills through its payment-run API (bill-payments.ts),
 * vendors through its store (which applies restrictions), and the vendors' bank accounts
 * decided by payables' own rule (bank-account-use.ts) when the file is built.
 */
import { recordPrenoteSent, usableBankAccount } from '../payables/bank-account-use';
import { listPayableBills } from '../payables/bill-payments';
import type { PayablesDependencies } from '../payables/payables-dependencies';
import type { PayablesForRuns, RunVendor } from './payables-port';

export function payablesForRuns(deps: PayablesDependencies): PayablesForRuns {
  return {
    payableBills: (context, filter) => listPayableBills(deps, context, filter),
    async vendors(context, vendorIds) {
      const vendors = await deps.storeFor(context).activeVendors(vendorIds);
      return new Map(
        [...vendors.values()].map((vendor): [string, RunVendor] => [
          vendor.id,
          {
            vendorId: vendor.id,
            name: vendor.name,
            individual: vendor.individual,
            remittanceEmail: vendor.remittanceEmail,
          },
        ]),
      );
    },
    bankAccountUse: (context, vendorId, at) => usableBankAccount(deps, context, vendorId, at),
    prenoteSent: (context, vendorId, bankAccountId, sentOn) =>
      recordPrenoteSent(deps, context, vendorId, bankAccountId, sentOn),
  };
}
