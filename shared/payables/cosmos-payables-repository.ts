import type { TenantContext } from '../platform/actor';
import { RestrictedRepository } from '../platform/data/restricted-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';

/**
 * The payables store: a restricted repository (../platform/data/restricted-repository.ts) over
 * vendors (tagged on themselves: their bank accounts go with them) and bills and vendor credits
 * (tagged on every line). Untagged vendors belong to the whole organisation and are out of a
 * restricted member's reach, as every untagged record is.
 */
export class PayablesRepository extends RestrictedRepository {
  static open(deps: DomainDependencies, context: TenantContext): PayablesRepository {
    if (context.restrictions === undefined && context.actor.kind !== 'system')
      throw new Error(`payables need the restrictions of ${context.actor.id}: member contexts come from the pipeline`);
    return new PayablesRepository(deps, context, {
      vendor: { self: true, lines: false },
      bill: { self: false, lines: true },
    });
  }

  /**
   * The vendor's bills not yet settled or voided, whoever may see them: a restricted member's
   * view must not let them delete a vendor that still owes (or is owed) elsewhere.
   */
  async openBillsOf(vendorId: string): Promise<string[]> {
    const page = await this.queryWholeOrganisation<{ number: string }>('bill', {
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
      // The unnarrowed query: queryAll would go through the narrowing `query`.
      const page = await this.queryWholeOrganisation<{ name: string }>('vendor', {
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
}
