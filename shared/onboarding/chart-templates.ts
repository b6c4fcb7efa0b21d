import type { AccountType } from '../ledger/schemas';

/**
 * Standard starting charts, kept as data: a small chart per kind of business that a first admin
 * loads into an empty chart in one call, then adapts. Codes follow the common 1xxx assets, 2xxx
 * liabilities, 3xxx equity, 4xxx revenue, 5xxx-7xxx expenses layout.
 */
export interface ChartTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly accounts: ReadonlyArray<{ readonly code: string; readonly name: string; readonly type: AccountType }>;
}

const core = [
  { code: '1000', name: 'Cash at bank', type: 'asset' },
  { code: '1100', name: 'Accounts receivable', type: 'asset' },
  { code: '2000', name: 'Accounts payable', type: 'liability' },
  { code: '2100', name: 'Sales tax payable', type: 'liability' },
  { code: '3000', name: 'Owner equity', type: 'equity' },
  { code: '3900', name: 'Retained earnings', type: 'equity' },
] as const;

export const chartTemplates: readonly ChartTemplate[] = [
  {
    id: 'services',
    name: 'Professional services',
    description: 'Consultancies, agencies and practices billing for time and expertise',
    accounts: [
      ...core,
      { code: '1500', name: 'Equipment', type: 'asset' },
      { code: '4000', name: 'Sales', type: 'revenue' },
      { code: '4100', name: 'Reimbursed expenses', type: 'revenue' },
      { code: '5000', name: 'Cost of goods sold', type: 'expense' },
      { code: '6100', name: 'Rent', type: 'expense' },
      { code: '6200', name: 'Salaries', type: 'expense' },
      { code: '6300', name: 'Software subscriptions', type: 'expense' },
      { code: '6400', name: 'Travel', type: 'expense' },
    ],
  },
  {
    id: 'retail',
    name: 'Retail',
    description: 'Shops and online stores selling goods from stock',
    accounts: [
      ...core,
      { code: '1200', name: 'Inventory', type: 'asset' },
      { code: '1500', name: 'Shop fittings', type: 'asset' },
      { code: '2200', name: 'Gift cards outstanding', type: 'liability' },
      { code: '4000', name: 'Sales', type: 'revenue' },
      { code: '4900', name: 'Sales returns', type: 'revenue' },
      { code: '5000', name: 'Cost of goods sold', type: 'expense' },
      { code: '5100', name: 'Inventory shrinkage', type: 'expense' },
      { code: '6100', name: 'Rent', type: 'expense' },
      { code: '6200', name: 'Salaries', type: 'expense' },
      { code: '6500', name: 'Card processing fees', type: 'expense' },
    ],
  },
  {
    id: 'manufacturing',
    name: 'Manufacturing',
    description: 'Makers turning raw materials into finished goods',
    accounts: [
      ...core,
      { code: '1200', name: 'Raw materials', type: 'asset' },
      { code: '1210', name: 'Work in progress', type: 'asset' },
      { code: '1220', name: 'Finished goods', type: 'asset' },
      { code: '1500', name: 'Plant and machinery', type: 'asset' },
      { code: '1590', name: 'Accumulated depreciation', type: 'asset' },
      { code: '4000', name: 'Sales', type: 'revenue' },
      { code: '5000', name: 'Cost of goods sold', type: 'expense' },
      { code: '5200', name: 'Direct labour', type: 'expense' },
      { code: '5300', name: 'Factory overheads', type: 'expense' },
      { code: '6100', name: 'Rent', type: 'expense' },
      { code: '6200', name: 'Salaries', type: 'expense' },
      { code: '6600', name: 'Depreciation', type: 'expense' },
    ],
  },
];
