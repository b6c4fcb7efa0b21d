import type { TenantContext } from '../platform/actor';
import { restrictionCondition, withinRestrictions, type Dimensions } from '../platform/auth/restrictions';
import type { Stored } from '../platform/data/stored-document';
import { TenantRepository, type Page } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ForbiddenError } from '../platform/errors';

type QueryOptions = Parameters<TenantRepository['query']>[1] & object;

/** Records tagged on themselves (a vendor's facility and division). */
const taggedTypes = new Set(['vendor']);
/** Records whose lines carry the tags (a bill or vendor credit): in reach only when every line is. */
const linedTypes = new Set(['bill']);

const inReach = (context: TenantContext, type: string, document: unknown): boolean => {
  if (taggedTypes.has(type)) return withinRestrictions(context.restrictions, document as Dimensions);
  if (linedTypes.has(type))
    return (document as { lines: readonly Dimensions[] }).lines.every((line) =>
      withinRestrictions(context.restrictions, line),
    );
  return true;
};

/**
 * The payables store: a tenant repository that applies the member's facility and division
 * restrictions (../platform/auth/restrictions.ts) to vendors, their bank accounts, bills and
 * credits on every read and write, so no service can forget them. A record out of reach is not
 * found (404, like another organisation's id); writing one is forbidden. Untagged vendors belong to
 * the whole organisation and are out of a restricted member's reach, as every untagged record is.
 */
export class PayablesRepository extends TenantRepository {
  static open(deps: DomainDependencies, context: TenantContext): PayablesRepository {
    if (context.restrictions === undefined && context.actor.kind !== 'system')
      throw new Error(`payables need the restrictions of ${context.actor.id}: member contexts come from the pipeline`);
    return new PayablesRepository(deps.container, context, deps.clock);
  }

  get restricted(): boolean {
    const { facilities, divisions } = this.context.restrictions ?? {};
    return facilities !== undefined || divisions !== undefined;
  }

  /** Settings and other organisation-wide acts are for members not restricted to some facilities. */
  requireWholeOrganisation(action: string): void {
    if (this.restricted)
      throw new ForbiddenError(`${action} acts for the whole organisation: not for a restricted member`);
  }

  override async find<T extends object>(type: string, id: string): Promise<Stored<T> | undefined> {
    const found = await super.find<T>(type, id);
    return found && inReach(this.context, type, found) ? found : undefined;
  }

  override async query<T extends object>(type: string, options: QueryOptions = {}): Promise<Page<T>> {
    if (!this.restricted || (!taggedTypes.has(type) && !linedTypes.has(type))) return super.query<T>(type, options);
    const page = await super.query<T>(type, this.narrowed(type, options));
    return { ...page, items: page.items.filter((item) => inReach(this.context, type, item)) };
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

  /**
   * The vendor's bills not yet settled or voided, whoever may see them: a restricted member's
   * view must not let them delete a vendor that still owes (or is owed) elsewhere.
   */
  async openBillsOf(vendorId: string): Promise<string[]> {
    const page = await super.query<{ number: string }>('bill', {
      where: "c.vendorId = @vendorId AND c.status != 'void' AND c.settled = false",
      parameters: [{ name: '@vendorId', value: vendorId }],
      maxItemCount: 20,
    });
    return page.items.map((bill) => bill.id);
  }

  /**
   * Vendors' names by id, for a report's rows: a bill in the member's reach may belong to a
   * vendor the member cannot open (untagged), and its row still needs a name.
   */
  async vendorNames(vendorIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    if (vendorIds.length === 0) return new Map();
    const names = new Map<string, string>();
    let continuationToken: string | undefined;
    do {
      // The unnarrowed query: queryAll would go through this class's narrowing `query`.
      const page = await super.query<{ name: string }>('vendor', {
        where: 'ARRAY_CONTAINS(@vendorIds, c.id)',
        parameters: [{ name: '@vendorIds', value: [...vendorIds] }],
        maxItemCount: 1_000,
        continuationToken,
      });
      for (const vendor of page.items) names.set(vendor.id, vendor.name);
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return names;
  }

  private assertWritable(type: string, document: unknown): void {
    if (!inReach(this.context, type, document))
      throw new ForbiddenError('Outside the facilities and divisions you may use');
  }

  /** The same rules as query conditions, so pages come back full (results are checked again in memory). */
  private narrowed(type: string, options: QueryOptions): QueryOptions {
    const condition = restrictionCondition(this.context.restrictions);
    if (!condition.where) return options;
    const where = taggedTypes.has(type)
      ? condition.where
      : `NOT EXISTS(SELECT VALUE l FROM l IN c.lines WHERE NOT (${condition.where.replaceAll('c.', 'l.')}))`;
    return {
      ...options,
      where: options.where ? `(${options.where}) AND ${where}` : where,
      parameters: [...(options.parameters ?? []), ...condition.parameters],
    };
  }
}
