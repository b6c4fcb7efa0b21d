import type { TenantContext } from '../platform/actor';
import { restrictionCondition, withinRestrictions, type Dimensions } from '../platform/auth/restrictions';
import type { Stored } from '../platform/data/stored-document';
import { TenantRepository, type Page } from '../platform/data/tenant-repository';
import { ForbiddenError } from '../platform/errors';
import type { DomainDependencies } from '../platform/domain-dependencies';

type QueryOptions = Parameters<TenantRepository['query']>[1] & object;

/** Receivables documents that carry a facility and division: a restricted member reaches only their own. */
export const dimensionedTypes = new Set(['customer', 'invoice', 'receipt', 'credit-note', 'receivable-application']);

/**
 * The only way receivables code reaches its documents: a tenant repository that applies the
 * member's facility and division restrictions (platform/auth/restrictions.ts) to customers,
 * invoices, receipts, credit notes and applications. Out of reach reads as not found, lists
 * leave them out, writes outside are refused. Untagged records belong to the whole organisation.
 */
export class ReceivablesRepository extends TenantRepository {
  constructor(deps: DomainDependencies, context: TenantContext) {
    super(deps.container, context, deps.clock);
  }

  /** An invoice is in reach only with every line: its figures must not carry another facility's revenue. */
  private inReach(type: string, document: object): boolean {
    if (!dimensionedTypes.has(type)) return true;
    const restrictions = this.context.restrictions;
    const lines = (document as { lines?: readonly Dimensions[] }).lines ?? [];
    return withinRestrictions(restrictions, document) && lines.every((line) => withinRestrictions(restrictions, line));
  }

  override async find<T extends object>(type: string, id: string): Promise<Stored<T> | undefined> {
    const found = await super.find<T>(type, id);
    return found && this.inReach(type, found) ? found : undefined;
  }

  override async query<T extends object>(type: string, options: QueryOptions = {}): Promise<Page<T>> {
    const condition = dimensionedTypes.has(type) ? restrictionCondition(this.context.restrictions) : { parameters: [] };
    const where = [options.where, condition.where].filter(Boolean).map((w) => `(${w})`);
    const page = await super.query<T>(type, {
      ...options,
      ...(where.length > 0 ? { where: where.join(' AND ') } : {}),
      parameters: [...(options.parameters ?? []), ...condition.parameters],
    });
    return { ...page, items: page.items.filter((item) => this.inReach(type, item)) };
  }

  override prepareNew<T extends object>(type: string, id: string, data: T, options: { immutable?: boolean } = {}) {
    this.assertWritable(type, data);
    return super.prepareNew(type, id, data, options);
  }

  override prepareReplacement<T extends object>(
    current: Stored<unknown>,
    next: T,
    options: { immutable?: boolean } = {},
  ) {
    this.assertWritable(current.type, current);
    this.assertWritable(current.type, next);
    return super.prepareReplacement(current, next, options);
  }

  private assertWritable(type: string, document: object): void {
    if (!this.inReach(type, document))
      throw new ForbiddenError('Outside the facilities and divisions you may use (facility, division)');
  }
}
