import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ForbiddenError, ValidationError } from '../platform/errors';
import { dispatchOutbox } from '../platform/outbox/outbox-record';
import {
  bankFieldBinding,
  fingerprintInput,
  maskedNumber,
  readBankAccount,
  viewBankAccount,
  type Recognised,
  type VendorBankAccount,
} from './bank-account';
import type { BankAccountApproval, BankAccountView, NewBankAccount } from './bank-account-schemas';
import type { BankAccountDependencies, PayablesDependencies } from './payables-dependencies';
import { bankingHoursLater } from './banking-days';
import { validRoutingNumber } from './routing-number';
import { readVendor } from './vendor';
import type { VendorStore } from './vendor-store';

const digits = (phone: string) => phone.replace(/\D/g, '');
/** The same number, dialled with or without its country code ("+1 555 010 0100" and "555-010-0100"). */
function samePhone(a: string, b: string): boolean {
  const [x, y] = [digits(a), digits(b)].sort((p, q) => p.length - q.length) as [string, string];
  return x.length >= 7 && y.endsWith(x) && y.length - x.length <= 3;
}

/** Earlier accounts, of any vendor, with the same numbers: found by fingerprint, purged ones included. */
async function recognise(store: VendorStore, candidates: string[]): Promise<Recognised[]> {
  const { live, purged } = await store.findBankAccounts({ fingerprints: candidates });
  return [
    ...live.map((a) => ({ vendorId: a.vendorId, bankAccountId: a.id, state: a.state })),
    ...purged.map((h) => ({ vendorId: h.vendorId, bankAccountId: h.bankAccountId, state: 'purged' })),
  ];
}

/**
 * Enters a new bank account for a vendor (a change, if it has one): it starts pending. Business
 * email compromise works by asking for exactly this, so the vendor is told first: a notice to the
 * contacts already on file (never to an address that came with the change) is queued and
 * committed before the change itself is stored, and approval waits until it was sent. A newer
 * change replaces one still pending.
 */
export async function requestBankAccount(
  deps: BankAccountDependencies,
  context: TenantContext,
  vendorId: string,
  input: NewBankAccount,
): Promise<BankAccountView> {
  if (!validRoutingNumber(input.routingNumber))
    throw new ValidationError('Invalid routing number', [
      { field: 'routingNumber', reason: 'its check digit does not match' },
    ]);
  const store = deps.storeFor(context);
  const vendor = await readVendor(store, vendorId);
  const to = [
    ...new Set([vendor.remittanceEmail, ...vendor.contacts.map((c) => c.email)].filter((e): e is string => !!e)),
  ];
  if (to.length === 0)
    throw new ConflictError('The vendor has no email address on file to notify of the change; add one first');
  const phonesOnFile = vendor.contacts.flatMap((c) => (c.phone ? [c.phone] : []));
  if (phonesOnFile.length === 0)
    throw new ConflictError('The vendor has no phone number on file to verify the change with; add one first');
  const id = `bank-${deps.ids.newId()}`;
  const now = deps.clock.now();
  const maskedAccount = maskedNumber(input.accountNumber);
  const notice = deps.ids.newId();
  const queued = {
    action: 'payables.bank-account-notice-queued',
    target: { type: 'vendor', id: vendorId },
    details: { bankAccountId: id, outboxId: `outbox-${notice}` },
  };
  const ticket = await store.queueEmail(
    {
      to,
      subject: `Your bank details with us are being changed`,
      textBody: [
        `Someone asked us to pay ${vendor.name} into a new bank account ending ${maskedAccount.slice(-4)} (${input.accountType}).`,
        `If this was you, nothing more is needed: we will confirm it by calling a number we already have for you.`,
        `If it was not you, call us at once on the number you know for us. Do not reply to this email or use any number in a message asking for the change.`,
      ].join('\n\n'),
      purpose: 'vendor-bank-change',
    },
    `outbox-${notice}`,
    queued,
  );
  await dispatchOutbox(deps.queues, [ticket]).catch((error: unknown) =>
    deps.logger.warn('bank-change notice not enqueued; the outbox sweeper will', { error: String(error) }),
  );

  const seal = (field: string, value: string) =>
    deps.fieldCrypto.encrypt('sensitive', value, bankFieldBinding(context.tenantId, vendorId, id, field));
  const fingerprintOf = fingerprintInput(context.tenantId, input.routingNumber, input.accountNumber);
  const recognised = await recognise(store, deps.fingerprints.candidates(fingerprintOf));
  const { bankChangeCoolingOffHours } = await store.readSettings();
  const account: VendorBankAccount = {
    vendorId,
    state: 'pending',
    routingCiphertext: seal('routingNumber', input.routingNumber),
    accountCiphertext: seal('accountNumber', input.accountNumber),
    accountType: input.accountType,
    holderName: input.holderName,
    maskedRouting: maskedNumber(input.routingNumber),
    maskedAccount,
    fingerprint: deps.fingerprints.fingerprint(fingerprintOf),
    requestedBy: context.actor.id,
    requestedAt: now.toISOString(),
    coolingOffHours: bankChangeCoolingOffHours,
    notice: { outboxId: ticket.id, to },
    phonesOnFile,
    approval: null,
    usableFrom: null,
    prenote: { required: input.prenote, sentOn: null, liveFrom: null },
    recognised,
    purgeable: true,
  };
  await retryOnConflict(`vendor ${vendorId}`, async () => {
    const current = await readVendor(store, vendorId);
    const pending = current.pendingBankAccountId
      ? await store.findBankAccount(current.pendingBankAccountId)
      : undefined;
    const details = {
      bankAccountId: id,
      account: maskedAccount,
      recognised: recognised.length,
      noticeOutboxId: ticket.id,
    };
    await store.changeBankAccounts({
      added: { id, account },
      accounts: pending?.state === 'pending' ? [{ current: pending, next: { ...pending, state: 'replaced' } }] : [],
      vendor: { current, next: { ...current, pendingBankAccountId: id } },
      audit: { action: 'payables.bank-account-requested', target: { type: 'vendor', id: vendorId }, details },
    });
  });
  return viewBankAccount(await readBankAccount(store, vendorId, id));
}

/**
 * A second banking admin approves a pending account, never the one who entered it, once the
 * notice to the vendor was sent, recording how the change was verified: a call back to a number
 * the vendor had on file before the change. The account becomes the vendor's; it can be paid
 * from the end of its cooling-off (hours of banking days from the change: a change made before a
 * weekend or a holiday gives the vendor as many working hours to object), and a prenote's wait if it has one.
 */
export async function approveBankAccount(
  deps: PayablesDependencies,
  context: TenantContext,
  vendorId: string,
  id: string,
  input: BankAccountApproval,
): Promise<BankAccountView> {
  const store = deps.storeFor(context);
  await retryOnConflict(`vendor ${vendorId}`, async () => {
    const vendor = await readVendor(store, vendorId);
    const account = await readBankAccount(store, vendorId, id);
    if (account.state !== 'pending') throw new ConflictError(`The bank account is ${account.state}, not pending`);
    if (account.requestedBy === context.actor.id)
      throw new ForbiddenError(
        'A bank account change is approved by a banking admin other than the one who entered it',
      );
    const notice = await store.outboxState(account.notice.outboxId);
    if (notice !== 'completed')
      throw new ConflictError(
        `The notice to the vendor has not been sent (${notice ?? 'missing'}); approve once it has`,
      );
    const { verification } = input;
    if (!account.phonesOnFile.some((phone) => samePhone(phone, verification.phone)))
      throw new ValidationError('The call back must go to a number the vendor had on file before the change', [
        { field: 'verification.phone', reason: 'one of the vendor’s contact numbers from before the change' },
      ]);
    const now = deps.clock.now();
    const coolingOffEnds = bankingHoursLater(new Date(account.requestedAt), account.coolingOffHours);
    const approved: VendorBankAccount = {
      ...account,
      state: 'approved',
      approval: {
        by: context.actor.id,
        at: now.toISOString(),
        verification: { ...verification, calledBy: context.actor.id },
      },
      usableFrom: (coolingOffEnds > now ? coolingOffEnds : now).toISOString(),
    };
    const previous = vendor.bankAccountId ? await store.findBankAccount(vendor.bankAccountId) : undefined;
    const details = {
      bankAccountId: id,
      requestedBy: account.requestedBy,
      calledAt: verification.calledAt,
      phone: maskedNumber(digits(verification.phone)),
    };
    await store.changeBankAccounts({
      accounts: [
        { current: account, next: approved },
        ...(previous?.state === 'approved'
          ? [{ current: previous, next: { ...previous, state: 'superseded' as const } }]
          : []),
      ],
      vendor: { current: vendor, next: { ...vendor, bankAccountId: id, pendingBankAccountId: null } },
      audit: { action: 'payables.bank-account-approved', target: { type: 'vendor', id: vendorId }, details },
    });
  });
  return viewBankAccount(await readBankAccount(store, vendorId, id));
}
