import type { TenantContext } from '../platform/actor';
import { NotFoundError } from '../platform/errors';
import { loadChart } from '../ledger/chart-load';
import type { AccountView } from '../ledger/schemas';
import { chartTemplates } from './chart-templates';
import type { SettingsDependencies } from './onboarding-dependencies';
import type { ChartTemplateView } from './schemas';

export const listChartTemplates = (): ChartTemplateView[] =>
  chartTemplates.map(({ id, name, description, accounts }) => ({ id, name, description, accounts: [...accounts] }));

/** A first admin's standard starting chart, in one call, into an empty chart. */
export async function loadChartTemplate(
  deps: Pick<SettingsDependencies, 'ledger'>,
  context: TenantContext,
  templateId: string,
): Promise<AccountView[]> {
  const template = chartTemplates.find((t) => t.id === templateId);
  if (!template) throw new NotFoundError(`No chart template ${templateId}`);
  return loadChart(deps.ledger, context, { name: template.id, accounts: template.accounts });
}
