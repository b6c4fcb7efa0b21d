import type { TenantContext } from '../../shared/platform/actor';
import { approveBankAccount, requestBankAccount } from '../../shared/payables/bank-account-changes';
import type { BankAccountView } from '../../shared/payables/bank-account-schemas';
import { withPayablesStore, type BankAccountDependencies } from '../../shared/payables/payables-dependencies';
import type { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { parseFieldKeyRing } from '../../shared/platform/config/secrets';
import { createFieldCrypto } from '../../shared/platform/crypto/field-crypto';
import { createKeyedFingerprints } from '../../shared/platform/crypto/keyed-fingerprint';
import type { DomainDependencies } from '../../shared/platform/domain-dependencies';
import type { QueueSender } from '../../shared/platform/queues/queue-sender';
import type { Logger } from '../../shared/platform/telemetry/logger';

/** The phone number vendors have on file: the approver's call back goes to it. */
export const vendorPhone = '+1 555 010 0100';
/** A contact with an email address (the change notice goes there) and that phone number. */
export const vendorContacts = [{ name: 'Accounts', email: 'accounts@vendor.example', phone: vendorPhone }];

export interface BankAccountRequest {
  /** Makes the account number (`100000 + index`) and the account type (every third one savings). */
  readonly index: number;
  readonly prenote?: boolean;
  /** How long before now the change came in (the test clock); by default long past any cooling-off. */
  readonly enteredMsAgo?: number;
  /** Leave it pending: no second banking admin has approved it. */
  readonly approve?: boolean;
}

/** Payables' dependencies under the given key rings (a hosted app's, so what one encrypts the other reads). */
export function payablesUnder(
  base: DomainDependencies,
  secrets: ReturnType<typeof generateDevelopmentSecrets>,
  queues: QueueSender,
  logger: Logger,
): BankAccountDependencies {
  return withPayablesStore({
    ...base,
    fieldCrypto: createFieldCrypto({
      general: parseFieldKeyRing('FIELD_KEYS_GENERAL', secrets.FIELD_KEYS_GENERAL),
      sensitive: parseFieldKeyRing('FIELD_KEYS_SENSITIVE', secrets.FIELD_KEYS_SENSITIVE),
    }),
    fingerprints: createKeyedFingerprints(parseFieldKeyRing('BANK_FINGERPRINT_KEYS', secrets.BANK_FINGERPRINT_KEYS)),
    queues,
    logger,
  });
}

const twoWeeksMs = 14 * 24 * 3_600_000;

/**
 * Vendors' bank accounts through payables' own path, for suites and benches that pay vendors: a
 * banking admin enters the account, the notice to the vendor is sent (by `deliverNotice`: the
 * suite's email delivery), a second banking admin approves it after a call back. The cooling-off
 * is passed with the test clock: the change is entered on a clock set back by `enteredMsAgo`.
 */
export function bankAccountDesk(options: {
  readonly deps: BankAccountDependencies;
  readonly enteredBy: TenantContext;
  readonly approvedBy: TenantContext;
  readonly deliverNotice: (outboxId: string) => Promise<void>;
}) {
  const { deps, enteredBy, approvedBy } = options;
  return async function bankAccount(vendorId: string, request: BankAccountRequest): Promise<BankAccountView> {
    const enteredMsAgo = request.enteredMsAgo ?? twoWeeksMs;
    const then = { now: () => new Date(deps.clock.now().getTime() - enteredMsAgo) };
    const entered = await requestBankAccount(withPayablesStore({ ...deps, clock: then }), enteredBy, vendorId, {
      routingNumber: '231380104',
      accountNumber: `${100000 + request.index}`,
      accountType: request.index % 3 === 0 ? 'savings' : 'checking',
      holderName: `Holder ${request.index}`,
      prenote: request.prenote ?? false,
    });
    await options.deliverNotice(entered.notice!.outboxId);
    if (request.approve === false) return entered;
    return approveBankAccount(deps, approvedBy, vendorId, entered.id, {
      verification: {
        method: 'call-back',
        phone: vendorPhone,
        calledAt: deps.clock.now().toISOString(),
        notes: 'Confirmed with the vendor on the number on file',
      },
    });
  };
}
