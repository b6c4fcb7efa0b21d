import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import { renderCustomerStatementPdf } from '../platform/pdf/customer-statement';
import type { ReceivablesDependencies } from './receivables-dependencies';
import type { StatementRun } from './statement-run';
import { buildStatement, statementDocument } from './statements';

export async function customerStatement(
  deps: ReceivablesDependencies,
  context: TenantContext,
  customerId: string,
  range: { from: string; to: string },
) {
  const statement = statementDocument(await buildStatement(deps.storeFor(context), customerId, range.from, range.to));
  return { ...statement, aging: statement.aging.map(([bucket, amount]) => ({ bucket, amount })) };
}

export async function customerStatementPdf(
  deps: ReceivablesDependencies,
  context: TenantContext,
  customerId: string,
  range: { from: string; to: string },
): Promise<Uint8Array<ArrayBuffer>> {
  const store = deps.storeFor(context);
  const statement = await buildStatement(store, customerId, range.from, range.to);
  const { name } = await store.readOrganization();
  return new Uint8Array(await renderCustomerStatementPdf({ name }, statementDocument(statement), deps.clock.now()));
}

export function runView(run: Stored<StatementRun>) {
  const { id, from, to, overdueOnly, trigger, state, customerIds, createdAt, completedAt } = run;
  return { id, from, to, overdueOnly, trigger, state, customers: customerIds.length, createdAt, completedAt };
}
