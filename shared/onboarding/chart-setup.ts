import { ledgerDependencies } from '../ledger/ledger-dependencies';
import type { TenantContext } from '../platform/actor';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { NotFoundError } from '../platform/errors';
import { loadChart } from '../ledger/chart-load';
import type { AccountView } from '../ledger/schemas';
import { chartTemplates } from './chart-templates';
import type { ChartTemplateView } from './schemas';

export const listChartTemplates = (): ChartTemplateView[] =>
  chartTemplates.map(({ id, name, description, accounts }) => ({ id, name, description, accounts: [...accounts] }));

/** A first admin's standard starting chart, in one call, into an empty chart. */
export async function loadChartTemplate(
  deps: DomainDependencies,
  context: TenantContext,
  templateId: string,
): Promise<AccountView[]> {
  const template = chartTemplates.find((t) => t.id === templateId);
  if (!template) throw new NotFoundError(`No chart template ${templateId}`);
  return loadChart(ledgerDependencies(deps), context, { name: template.id, accounts: template.accounts });
}
