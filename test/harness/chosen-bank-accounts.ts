import type { AchAccount, BankAccountUse } from '../../shared/payment-runs/payables-port';
import type { TenantContext } from '../../shared/platform/actor';

/**
 * Payables' decisions on vendors' bank accounts, as a test or bench chooses them. Payables' bank
 * details (approval by a second banking admin, cooling-off, prenotes) are being built beside this
 * work (issue 9); until the run reads them, this source answers the same port with chosen data.
 */
export class ChosenBankAccounts {
  readonly uses = new Map<string, BankAccountUse>();
  readonly prenotes: string[] = [];
  async bankAccountUse(_context: TenantContext, vendorId: string): Promise<BankAccountUse> {
    return this.uses.get(vendorId) ?? { usable: false, reason: 'the vendor has no approved bank account' };
  }
  async prenoteSent(_context: TenantContext, vendorId: string, bankAccountId: string, sentOn: string) {
    this.uses.set(vendorId, { usable: false, reason: `live payments wait three banking days after ${sentOn}` });
    this.prenotes.push(bankAccountId);
  }
}

export function achAccount(vendorId: string, index: number): AchAccount {
  const accountNumber = `${100000 + index}`;
  return {
    bankAccountId: `bank-${vendorId}`,
    routingNumber: '231380104',
    accountNumber,
    accountType: index % 3 === 0 ? 'savings' : 'checking',
    holderName: `Holder ${index}`,
    maskedAccount: `••••${accountNumber.slice(-4)}`,
    fingerprint: `fingerprint-${index}`,
  };
}

export const usableAccount = (vendorId: string, index: number): BankAccountUse => ({
  usable: true,
  ...achAccount(vendorId, index),
});
