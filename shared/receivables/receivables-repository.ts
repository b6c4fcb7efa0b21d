import type { TenantContext } from '../platform/actor';
import { RestrictedRepository, type Tagging } from '../platform/data/restricted-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';

/** Tagged on themselves and, where they have lines, on every line: an invoice is in reach only with every line. */
const both: Tagging = { self: true, lines: true };

/**
 * The only way receivables code reaches its documents: a restricted repository
 * (../platform/data/restricted-repository.ts) over customers, invoices, receipts, credit notes and
 * applications.
 */
export class ReceivablesRepository extends RestrictedRepository {
  constructor(deps: DomainDependencies, context: TenantContext) {
    super(deps, context, {
      customer: both,
      invoice: both,
      receipt: both,
      'credit-note': both,
      'receivable-application': both,
    });
  }
}
