import type { TenantContext } from '../platform/actor';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { cosmosInvoiceStore } from './cosmos-invoice-store';
import { receivablesStorage } from './cosmos-receivables-repository';
import { cosmosSettlementStore } from './cosmos-settlement-store';
import { cosmosStatementStore } from './cosmos-statement-store';
import type { ReceivablesStore } from './receivables-store';

/** The receivables store over Cosmos for one caller: its parts share one restricted repository and one ledger repository. */
export function cosmosReceivablesStore(deps: DomainDependencies, context: TenantContext): ReceivablesStore {
  const storage = receivablesStorage(deps, context);
  return {
    ...cosmosInvoiceStore(storage),
    ...cosmosSettlementStore(storage),
    ...cosmosStatementStore(storage),
  };
}
