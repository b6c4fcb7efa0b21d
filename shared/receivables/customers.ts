import { requireActiveDimensions } from '../dimensions/dimension-check';
import { readBooks } from '../ledger/cosmos-books-store';
import { formatAmount, parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ConflictError, NotFoundError } from '../platform/errors';
import { invoiceType } from './invoice';
import { ReceivablesRepository } from './receivables-repository';
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
export async function readCustomer(repository: ReceivablesRepository, id: string): Promise<Stored<Customer>> {
  const customer = await repository.find<Customer>(customerType, id);
  if (!customer || customer.deleted) throw new NotFoundError(`No customer with id ${id}`);
  return customer;
}

async function audited<T extends object>(
  deps: DomainDependencies,
  repository: ReceivablesRepository,
  action: string,
  id: string,
  write: (transaction: ReturnType<ReceivablesRepository['transaction']>) => Promise<void>,
): Promise<Stored<T>> {
  return retryOnConflict(`customer ${id}`, async () => {
    const transaction = repository.transaction();
    await write(transaction);
    const target = { type: 'customer', id };
    await stageAuditRecord(repository, transaction, repository.context, { action, target }, deps.clock.now());
    const [written] = await transaction.commit();
    return written as unknown as Stored<T>;
  });
}

export async function createCustomer(
  deps: DomainDependencies,
  context: TenantContext,
  input: NewCustomer,
): Promise<CustomerView> {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency } = await readBooks(repository);
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
  const stored = await audited<Customer>(deps, repository, 'receivables.customer-created', id, async (t) => {
    t.create(customerType, id, customer);
  });
  return customerView(stored, baseCurrency);
}

export async function listCustomers(deps: DomainDependencies, context: TenantContext): Promise<CustomerView[]> {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency } = await readBooks(repository);
  const customers = await repository.queryAll<Customer>(customerType, {
    where: 'c.deleted = false',
    orderBy: 'c.name ASC',
  });
  return customers.map((customer) => customerView(customer, baseCurrency));
}

export async function getCustomer(deps: DomainDependencies, context: TenantContext, id: string): Promise<CustomerView> {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency } = await readBooks(repository);
  return customerView(await readCustomer(repository, id), baseCurrency);
}

export async function updateCustomer(
  deps: DomainDependencies,
  context: TenantContext,
  id: string,
  changes: CustomerChanges,
): Promise<CustomerView> {
  const repository = new ReceivablesRepository(deps, context);
  const { baseCurrency } = await readBooks(repository);
  await requireActiveDimensions(deps, context, [changes], () => '');
  const stored = await audited<Customer>(deps, repository, 'receivables.customer-changed', id, async (t) => {
    const current = await readCustomer(repository, id);
    const { creditLimit, ...rest } = changes;
    const next: Customer = {
      ...current,
      ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
      ...(creditLimit !== undefined
        ? { creditLimitMinor: creditLimit ? parseAmount(creditLimit, baseCurrency, 'creditLimit').toString() : null }
        : {}),
    };
    t.replace(current, next);
  });
  return customerView(stored, baseCurrency);
}

/** Soft delete, refused while any of the customer's invoices is open (its balance would lose its owner). */
export async function deleteCustomer(deps: DomainDependencies, context: TenantContext, id: string): Promise<void> {
  const repository = new ReceivablesRepository(deps, context);
  await audited(deps, repository, 'receivables.customer-deleted', id, async (t) => {
    const current = await readCustomer(repository, id);
    const open = await repository.query(invoiceType, {
      where: "c.customerId = @customer AND c.status = 'issued' AND c.openMinor != '0'",
      parameters: [{ name: '@customer', value: id }],
      maxItemCount: 1,
    });
    if (open.items.length > 0)
      throw new ConflictError(`${current.name} has open invoices: a customer is deleted only once they are settled`);
    t.replace(current, { ...current, active: false, deleted: true });
  });
}
