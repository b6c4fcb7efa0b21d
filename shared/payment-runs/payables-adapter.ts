/**
 * PayablesForRuns over shared/payables: bills through its payment-run API (bill-payments.ts),
 * vendors through its repository (which applies restrictions), and the vendors' bank accounts
 * decided by payables' own rule (bank-account-use.ts) when the file is built.
 */
import { recordPrenoteSent, usableBankAccount } from '../payables/bank-account-use';
import {
  billPaymentId,
  billPaymentType,
  listPayableBills,
  prepareBillPayment,
  prepareBillPaymentReturn,
} from '../payables/bill-payments';
import type { PayablesDependencies } from '../payables/payables-dependencies';
import { PayablesRepository } from '../payables/payables-repository';
import { requireApControl } from '../payables/payables-settings';
import { vendorType, type Vendor } from '../payables/vendor';
import type { PayablesForRuns, RunVendor } from './payables-port';

export function payablesForRuns(deps: PayablesDependencies): PayablesForRuns {
  return {
    payableBills: (context, filter) => listPayableBills(deps, context, filter),
    async vendors(context, vendorIds) {
      const repository = PayablesRepository.open(deps, context);
      const found = new Map<string, RunVendor>();
      for (let start = 0; start < vendorIds.length; start += 500) {
        const vendors = await repository.queryAll<Vendor>(vendorType, {
          where: 'ARRAY_CONTAINS(@ids, c.id) AND c.deleted = false AND c.active = true',
          parameters: [{ name: '@ids', value: vendorIds.slice(start, start + 500) }],
        });
        for (const vendor of vendors)
          found.set(vendor.id, {
            vendorId: vendor.id,
            name: vendor.name,
            individual: vendor.individual,
            remittanceEmail: vendor.remittanceEmail,
          });
      }
      return found;
    },
    bankAccountUse: (context, vendorId, at) => usableBankAccount(deps, context, vendorId, at),
    prenoteSent: (context, vendorId, bankAccountId, sentOn) =>
      recordPrenoteSent(deps, context, vendorId, bankAccountId, sentOn),
    apControlAccountId: (repository) => requireApControl(repository),
    preparePayment: (repository, payment) => prepareBillPayment(repository, payment),
    prepareReturn: async (repository, billId, paymentId, returned) =>
      (await repository.find(billPaymentType, billPaymentId(billId, paymentId)))
        ? prepareBillPaymentReturn(repository, billId, paymentId, returned)
        : 'not paid',
  };
}
