import type { TenantContext } from '../actor';
import { restrictionCondition, withinRestrictions, type Dimensions } from '../auth/restrictions';
import type { DomainDependencies } from '../domain-dependencies';
import { ForbiddenError } from '../errors';
import type { Stored } from './stored-document';
import { TenantRepository, type Page } from './tenant-repository';

type QueryOptions = Parameters<TenantRepository['query']>[1] & object;

/**
 * Where a record type carries its facility and division: on itself (a vendor, a customer), on
 * every line (a bill), or both (an invoice). A record with lines is in reach only when every line
 * is: its figures must not carry another facility's amounts.
 */
export interface Tagging {
  readonly self: boolean;
  readonly lines: boolean;
}

/**
 * A tenant repository that applies the member's facility and division restrictions
 * (../auth/restrictions.ts) to the tagged record types on every read and write, so no service
 * can forget them. A record out of reach is not found (404, like another organisation's id),
 * lists leave it out, writing one is forbidden. Untagged records belong to the whole organisation
 * and are out of a restricted member's reach.
 */
export class RestrictedRepository extends TenantRepository {
  constructor(
    deps: DomainDependencies,
    context: TenantContext,
    private readonly tagging: Readonly<Record<string, Tagging>>,
  ) {
    super(deps.container, context, deps.clock);
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
    return found && this.inReach(type, found) ? found : undefined;
  }

  override async query<T extends object>(type: string, options: QueryOptions = {}): Promise<Page<T>> {
    const tagging = this.tagging[type];
    if (!this.restricted || !tagging) return super.query<T>(type, options);
    const page = await super.query<T>(type, this.narrowed(tagging, options));
    return { ...page, items: page.items.filter((item) => this.inReach(type, item)) };
  }

  /** A query past the restrictions, for what a member must not act on blindly (a vendor's open bills). */
  protected queryWholeOrganisation<T extends object>(type: string, options: QueryOptions): Promise<Page<T>> {
    return super.query<T>(type, options);
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

  private inReach(type: string, document: unknown): boolean {
    const tagging = this.tagging[type];
    if (!tagging) return true;
    const restrictions = this.context.restrictions;
    if (tagging.self && !withinRestrictions(restrictions, document as Dimensions)) return false;
    const lines = tagging.lines ? ((document as { lines?: readonly Dimensions[] }).lines ?? []) : [];
    return lines.every((line) => withinRestrictions(restrictions, line));
  }

  private assertWritable(type: string, document: unknown): void {
    if (!this.inReach(type, document)) throw new ForbiddenError('Outside the facilities and divisions you may use');
  }

  /** The same rules as query conditions, so pages come back full (results are checked again in memory). */
  private narrowed(tagging: Tagging, options: QueryOptions): QueryOptions {
    const condition = restrictionCondition(this.context.restrictions);
    if (!condition.where) return options;
    const where = tagging.self
      ? condition.where
      : `NOT EXISTS(SELECT VALUE l FROM l IN c.lines WHERE NOT (${condition.where.replaceAll('c.', 'l.')}))`;
    return {
      ...options,
      where: options.where ? `(${options.where}) AND (${where})` : where,
      parameters: [...(options.parameters ?? []), ...condition.parameters],
    };
  }
}
