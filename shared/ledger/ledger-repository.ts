import type { TenantContext } from '../platform/actor';
import type { Restrictions } from '../platform/auth/restrictions';
import type { Stored } from '../platform/data/stored-document';
import { TenantRepository, type Page } from '../platform/data/tenant-repository';
import { ForbiddenError, ValidationError, type FieldProblem } from '../platform/errors';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { accountType, type Account } from './accounts';
import { accountMonthType, accountMonthWithin, type AccountMonth } from './account-months';
import type { SnapshotBalance } from './dimension-balances';
import type { EntryInFigures } from './period-store';
import { journalEntryType, type JournalEntry, type StoredLine } from './journal-entry';
import {
  accountChangeable,
  accountVisible,
  entryInReach,
  isRestricted,
  lineInReach,
  reachConditions,
  type LedgerReach,
} from './ledger-reach';

type QueryOptions = Parameters<TenantRepository['query']>[1] & object;

const definitionFields = [
  'code',
  'name',
  'accountType',
  'normalBalance',
  'parentId',
  'facility',
  'division',
  'active',
  'deleted',
] as const satisfies ReadonlyArray<keyof Account>;

const wholeOrganisation: LedgerReach = {
  restrictions: undefined,
  hiddenAccounts: new Set(),
  visibleAccounts: new Set(),
};

/** Documents only an unrestricted member (or the system) may write: they speak for every facility. */
const organisationWide = new Set([
  'balance-snapshot',
  'balance-snapshot-part',
  'organization',
  'reopen-request',
  'dual-control-request',
]);

/**
 * Restrictions must be stated for a member: "not known" never means "everything". The HTTP
 * pipeline puts the principal's restrictions (`{}` when there are none) on every request's
 * context; only system work (timers, queues) runs without them, over the whole organisation.
 */
function restrictionsOf(context: TenantContext): Restrictions | undefined {
  if (context.restrictions !== undefined || context.actor.kind === 'system') return context.restrictions;
  throw new Error(`the ledger needs the restrictions of ${context.actor.id}: member contexts come from the pipeline`);
}

function and(options: QueryOptions, where: string, parameters: QueryOptions['parameters'] = []): QueryOptions {
  return {
    ...options,
    where: options.where ? `(${options.where}) AND ${where}` : where,
    parameters: [...(options.parameters ?? []), ...parameters],
  };
}

const wholeOrganisationOnly = (action: string) =>
  new ForbiddenError(
    `${action} acts for the whole organisation: not for a member restricted to some facilities or divisions`,
  );

/** `requireWholeOrganisation` before the repository is open: it depends on the caller alone. */
export function requireWholeOrganisation(context: TenantContext, action: string): void {
  if (isRestricted(restrictionsOf(context))) throw wholeOrganisationOnly(action);
}

/**
 * The only way ledger code reaches its documents: a tenant repository that applies the member's
 * facility and division restrictions (rules in ledger-reach.ts) to every read and write, by
 * document type, so no service can forget them. Entries out of reach are not found; accounts
 * out of reach are not found; snapshots and running balances keep only places in reach; writes outside are refused;
 * organisation-wide documents are refused to restricted members. Figures use `queryLines`.
 */
export class LedgerRepository extends TenantRepository {
  private constructor(
    deps: DomainDependencies,
    context: TenantContext,
    private readonly reach: LedgerReach,
  ) {
    super(deps.container, context, deps.clock);
  }

  static async open(deps: DomainDependencies, context: TenantContext): Promise<LedgerRepository> {
    const restrictions = restrictionsOf(context);
    if (!isRestricted(restrictions)) return new LedgerRepository(deps, context, wholeOrganisation);
    const accounts = await new TenantRepository(deps.container, context, deps.clock).queryAll<Account>(accountType);
    const hiddenAccounts = new Set<string>();
    const visibleAccounts = new Set<string>();
    for (const account of accounts)
      (accountVisible(restrictions, account) ? visibleAccounts : hiddenAccounts).add(account.id);
    return new LedgerRepository(deps, context, { restrictions, hiddenAccounts, visibleAccounts });
  }

  get restricted(): boolean {
    return this.reach.restrictions !== undefined;
  }

  /** Closing, reopening and locking months and the ledger settings act for every facility at once. */
  requireWholeOrganisation(action: string): void {
    if (this.restricted) throw wholeOrganisationOnly(action);
  }

  override async find<T extends object>(type: string, id: string): Promise<Stored<T> | undefined> {
    const found = await super.find<T>(type, id);
    return found && this.restricted ? this.narrow(type, found) : found;
  }

  override async query<T extends object>(type: string, options: QueryOptions = {}): Promise<Page<T>> {
    if (!this.restricted) return super.query<T>(type, options);
    const conditions = reachConditions(this.reach);
    const where =
      type === journalEntryType
        ? `NOT EXISTS(SELECT VALUE l FROM l IN c.lines WHERE ${conditions.lineOutside('l')})`
        : type === accountType
          ? conditions.accountVisible
          : undefined;
    const page = await super.query<T>(type, where ? and(options, where, conditions.parameters) : options);
    return { ...page, items: page.items.flatMap((item) => this.narrow(type, item) ?? []) };
  }

  /** Posted entries for figures: those with any line in reach, carrying only the lines in reach. */
  async queryLines(options: QueryOptions): Promise<Page<EntryInFigures>> {
    const conditions = reachConditions(this.reach);
    const page = await super.query<JournalEntry>(
      journalEntryType,
      this.restricted
        ? and(
            options,
            `EXISTS(SELECT VALUE l FROM l IN c.lines WHERE NOT ${conditions.lineOutside('l')})`,
            conditions.parameters,
          )
        : options,
    );
    const items = page.items.flatMap((entry) => {
      const lines = entry.lines.filter((line) => lineInReach(this.reach, line));
      return lines.length === 0 ? [] : [{ ...entry, lines, whole: lines.length === entry.lines.length }];
    });
    return { ...page, items };
  }

  async queryAllLines(options: Omit<QueryOptions, 'continuationToken'>): Promise<EntryInFigures[]> {
    const all: EntryInFigures[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.queryLines({ ...options, continuationToken });
      all.push(...page.items);
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return all;
  }

  override prepareNew<T extends object>(type: string, id: string, data: T, options: { immutable?: boolean } = {}) {
    if (this.restricted) this.assertWritable(type, undefined, data);
    return super.prepareNew(type, id, data, options);
  }

  override prepareReplacement<T extends object>(
    current: Stored<unknown>,
    next: T,
    options: { immutable?: boolean } = {},
  ) {
    if (this.restricted) this.assertWritable(current.type, current, next);
    return super.prepareReplacement(current, next, options);
  }

  private narrow<T extends object>(type: string, document: Stored<T>): Stored<T> | undefined {
    if (type === journalEntryType)
      return entryInReach(this.reach, document as unknown as JournalEntry) ? document : undefined;
    if (type === accountType)
      return accountVisible(this.reach.restrictions, document as unknown as Account) ? document : undefined;
    if (type === accountMonthType)
      return accountMonthWithin(document as unknown as Stored<AccountMonth>, (place) =>
        lineInReach(this.reach, place),
      ) as unknown as Stored<T>;
    if (type === 'balance-snapshot-part') {
      const rows = (document as unknown as { rows: readonly SnapshotBalance[] }).rows;
      return { ...document, rows: rows.filter((row) => lineInReach(this.reach, row)) };
    }
    return document;
  }

  private assertWritable(type: string, current: unknown, next: unknown): void {
    if (organisationWide.has(type)) this.requireWholeOrganisation(`Changing ${type} documents`);
    if (type === 'period') {
      const status = (period: unknown) => (period as { status?: string } | undefined)?.status ?? 'open';
      if (status(current) !== 'open' || status(next) !== 'open') this.requireWholeOrganisation('Closing a month');
    }
    if (type === journalEntryType) this.assertLinesWritable((next as JournalEntry).lines);
    if (type === accountType) this.assertAccountWritable(current as Account | undefined, next as Account);
  }

  /** Outside dimensions are refused as forbidden (the member knows their own); an account out of reach reads as unknown. */
  private assertLinesWritable(lines: readonly StoredLine[]): void {
    const { facilities, divisions } = this.reach.restrictions ?? {};
    const allowed = (list: readonly string[] | undefined, tag: string | null) =>
      list === undefined || (typeof tag === 'string' && list.includes(tag));
    const outside = lines.flatMap((line, index) => [
      ...(allowed(facilities, line.facility) ? [] : [`lines.${index}.facility`]),
      ...(allowed(divisions, line.division) ? [] : [`lines.${index}.division`]),
    ]);
    if (outside.length > 0)
      throw new ForbiddenError(`Outside the facilities and divisions you may use (${outside.join(', ')})`);
    const unknown: FieldProblem[] = lines.flatMap((line, index) =>
      this.reach.visibleAccounts.has(line.accountId)
        ? []
        : [{ field: `lines.${index}.accountId`, reason: 'no such account' }],
    );
    if (unknown.length > 0) throw new ValidationError('The entry names accounts that do not exist', unknown);
  }

  /** A posting only counts itself on a visible account; anything else changes the chart and needs the account in reach. */
  private assertAccountWritable(current: Account | undefined, next: Account): void {
    if (current && definitionFields.every((field) => current[field] === next[field])) return;
    const restrictions = this.reach.restrictions;
    if ((current && !accountChangeable(restrictions, current)) || !accountChangeable(restrictions, next))
      throw new ForbiddenError(
        "Only accounts wholly within your facilities and divisions can be changed; the organisation's shared accounts are changed by an unrestricted member",
      );
  }
}
