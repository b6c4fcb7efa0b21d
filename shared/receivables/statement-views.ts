import type { TenantContext } from '../platform/actor';
import type { Stored } from '../platform/data/stored-document';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { requireOrganization } from '../platform/organization/organization-store';
import { renderCustomerStatementPdf } from '../platform/pdf/customer-statement';
import { ReceivablesRepository } from './receivables-repository';
import type { StatementRun } from './statement-run';
import { buildStatement, statementDocument } from './statements';

export async function customerStatement(
  deps: DomainDependencies,
  context: TenantContext,
  customerId: string,
  range: { from: string; to: string },
) {
  const repository = new ReceivablesRepository(deps, context);
  const statement = statementDocument(await buildStatement(repository, customerId, range.from, range.to));
  return { ...statement, aging: statement.aging.map(([bucket, amount]) => ({ bucket, amount })) };
}

export async function customerStatementPdf(
  deps: DomainDependencies,
  context: TenantContext,
  customerId: string,
  range: { from: string; to: string },
): Promise<Uint8Array<ArrayBuffer>> {
  const repository = new ReceivablesRepository(deps, context);
  const statement = await buildStatement(repository, customerId, range.from, range.to);
  const { name } = await requireOrganization(repository);
  return new Uint8Array(await renderCustomerStatementPdf({ name }, statementDocument(statement), deps.clock.now()));
}

export function runView(run: Stored<StatementRun>) {
  const { id, from, to, overdueOnly, trigger, state, customerIds, createdAt, completedAt } = run;
  return { id, from, to, overdueOnly, trigger, state, customers: customerIds.length, createdAt, completedAt };
}
