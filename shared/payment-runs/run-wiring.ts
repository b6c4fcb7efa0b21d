/**
 * The app's payment-run dependencies: payables as the run sees it, with the vendors' bank
 * accounts decided by payables' own rule (bank-account-use.ts) when the file is built.
 */
import { recordPrenoteSent, usableBankAccount } from '../payables/bank-account-use';
import { payablesDependencies } from '../payables/payables-dependencies';
import { domainDependencies } from '../platform/domain-dependencies';
import type { Services } from '../platform/services';
import { payablesForRuns } from './payables-adapter';
import type { RunDependencies } from './run-dependencies';

export function runDependencies(services: Services): RunDependencies {
  const payables = payablesDependencies(services);
  return {
    ...domainDependencies(services),
    blobs: services.blobService,
    queues: services.queues,
    payables: payablesForRuns(payables, {
      bankAccountUse: (context, vendorId, at) => usableBankAccount(payables, context, vendorId, at),
      prenoteSent: (context, vendorId, bankAccountId, sentOn) =>
        recordPrenoteSent(payables, context, vendorId, bankAccountId, sentOn),
    }),
  };
}
