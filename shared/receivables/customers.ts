import { requireActiveDimensions } from '../dimensions/dimension-check';
import { formatAmount, parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import type { AuditEntry } from '../platform/audit/audit-record';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import { ConflictError, NotFoundError } from '../platform/errors';
import type { ReceivablesDependencies } from './receivables-dependencies';
import type { ReceivablesStore } from './receivables-store';
import type { CustomerChanges, CustomerView, NewCustomer, PaymentTerms } from './schemas';

export const customerType = 'customer';

export interface Customer {
  readonly name: string;
  readonly billingEmails: readonly string[];
  readonly address: readonly string[];
  readonly paymentTerms: PaymentTerms;
  readonly creditLimitMinor: string | null;
  readonly taxExempt: boolean;
  readonly facility: string | null;
  readonly division: string | null;
  readonly active: boolean;
  /** Soft delete: the customer stays for the invoices, receipts and statements that name it. */
  readonly deleted: boolean;
}

export function customerView(customer: Stored<Customer>, currency: string): CustomerView {
  const { id, name, billingEmails, address, paymentTerms, taxExempt, facility, division, active } = customer;
  const creditLimit =
    customer.creditLimitMinor === null ? null : formatAmount(BigInt(customer.creditLimitMinor), currency);
  return {
    id,
    name,
    billingEmails: [...billingEmails],
    address: [...address],
    paymentTerms,
    creditLimit,
    taxExempt,
    facility,
    division,
    active,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

/** A customer the caller may see and that was not deleted; anything else is 404. */
export async function readCustomer(store: ReceivablesStore, id: string): Promise<Stored<Customer>> {
  const customer = await store.findCustomer(id);
  if (!customer || customer.deleted) throw new NotFoundError(`No customer with id ${id}`);
  return customer;
}

const audit = (action: string, id: string): AuditEntry => ({ action, target: { type: 'customer', id } });

export async function createCustomer(
  deps: ReceivablesDependencies,
  context: TenantContext,
  input: NewCustomer,
): Promise<CustomerView> {
  const store = deps.storeFor(context);
  const { baseCurrency } = await store.readBooks();
  await requireActiveDimensions(deps, context, [input], () => '');
  const id = `customer-${deps.ids.newId()}`;
  const customer: Customer = {
    name: input.name,
    billingEmails: input.billingEmails,
    address: input.address,
    paymentTerms: input.paymentTerms,
    creditLimitMinor: input.creditLimit ? parseAmount(input.creditLimit, baseCurrency, 'creditLimit').toString() : null,
    taxExempt: input.taxExempt,
    facility: input.facility ?? null,
    division: input.division ?? null,
    active: true,
    deleted: false,
  };
  const stored = await retryOnConflict(`customer ${id}`, () =>
    store.createCustomer(id, customer, audit('receivables.customer-created', id)),
  );
  return customerView(stored, baseCurrency);
}

export async function listCustomers(deps: ReceivablesDependencies, context: TenantContext): Promise<CustomerView[]> {
  const store = deps.storeFor(context);
  const { baseCurrency } = await store.readBooks();
  return (await store.listCustomers()).map((customer) => customerView(customer, baseCurrency));
}

export async function getCustomer(
  deps: ReceivablesDependencies,
  context: TenantContext,
  id: string,
): Promise<CustomerView> {
  const store = deps.storeFor(context);
  const { baseCurrency } = await store.readBooks();
  return customerView(await readCustomer(store, id), baseCurrency);
}

export async function updateCustomer(
  deps: ReceivablesDependencies,
  context: TenantContext,
  id: string,
  changes: CustomerChanges,
): Promise<CustomerView> {
  const store = deps.storeFor(context);
  const { baseCurrency } = await store.readBooks();
  await requireActiveDimensions(deps, context, [changes], () => '');
  const stored = await retryOnConflict(`customer ${id}`, async () => {
    const current = await readCustomer(store, id);
    const { creditLimit, ...rest } = changes;
    const next: Customer = {
      ...current,
      ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
      ...(creditLimit !== undefined
        ? { creditLimitMinor: creditLimit ? parseAmount(creditLimit, baseCurrency, 'creditLimit').toString() : null }
        : {}),
    };
    return store.saveCustomer(current, next, audit('receivables.customer-changed', id));
  });
  return customerView(stored, baseCurrency);
}

/** Soft delete, refused while any of the customer's invoices is open (its balance would lose its owner). */
export async function deleteCustomer(deps: ReceivablesDependencies, context: TenantContext, id: string): Promise<void> {
  const store = deps.storeFor(context);
  await retryOnConflict(`customer ${id}`, async () => {
    const current = await readCustomer(store, id);
    if (await store.hasOpenInvoices(id))
      throw new ConflictError(`${current.name} has open invoices: a customer is deleted only once they are settled`);
    await store.saveCustomer(
      current,
      { ...current, active: false, deleted: true },
      audit('receivables.customer-deleted', id),
    );
  });
}
