import type { DomainDependencies } from '../platform/domain-dependencies';
import type { TenantContext } from '../platform/actor';
import { TenantRepository } from '../platform/data/tenant-repository';
import { stageOutboxWork } from '../platform/outbox/outbox-record';
import { runOutboxWork } from '../platform/outbox/outbox-work';
import type { ClassificationWork, Item, ItemClassification, ItemSettings, ItemStore } from './item-store';

export const itemType = 'item';
export const classificationType = 'item-classification';
const settingsType = 'items-settings';
const settingsId = 'items-settings';
const skuIndexType = 'item-sku';

/** SKUs are unique per organisation regardless of case: an index document whose id is the SKU. */
export const skuIndexId = (skuKey: string) => `item-sku-${skuKey}`;
export const classificationId = (itemId: string) => `classification-${itemId}`;

/** The items store over the organisation's partition: every write of one operation is one batch. */
export function cosmosItemStore(deps: DomainDependencies, context: TenantContext): ItemStore {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  return {
    findItem: (id) => repository.find<Item>(itemType, id),
    findClassification: (itemId) => repository.find<ItemClassification>(classificationType, classificationId(itemId)),
    async classificationsOf(itemIds) {
      if (itemIds.length === 0) return new Map();
      const found = await repository.queryAll<ItemClassification>(classificationType, {
        where: 'ARRAY_CONTAINS(@ids, c.itemId)',
        parameters: [{ name: '@ids', value: [...itemIds] }],
      });
      return new Map(found.map((c) => [c.itemId, c]));
    },
    async listItems(filter) {
      const conditions = ['c.deleted = false', ...(filter.includeInactive ? [] : ['c.active = true'])];
      if (filter.search) conditions.push('(CONTAINS(LOWER(c.name), @search) OR CONTAINS(c.skuKey, @search))');
      return repository.query<Item>(itemType, {
        where: conditions.join(' AND '),
        parameters: filter.search ? [{ name: '@search', value: filter.search.toLowerCase() }] : [],
        orderBy: 'c.skuKey ASC',
        maxItemCount: filter.pageSize,
        continuationToken: filter.continuationToken,
      });
    },
    async findAccount(id) {
      const account = await repository.find<{ accountType: string; active: boolean; deleted: boolean }>('account', id);
      return account && { accountType: account.accountType, usable: account.active && !account.deleted };
    },
    async write(change) {
      const transaction = repository.transaction();
      const { item, classification } = change;
      if (item.current) transaction.replace(item.current, item.next);
      else {
        transaction.create(itemType, change.id, item.next);
        transaction.create(skuIndexType, skuIndexId(item.next.skuKey), { itemId: change.id });
      }
      if (classification?.current) transaction.replace(classification.current, classification.next);
      else if (classification) transaction.create(classificationType, classificationId(change.id), classification.next);
      const ticket = change.classify
        ? stageOutboxWork<ClassificationWork>(transaction, 'tax-classification', { itemId: change.id }, change.classify)
        : undefined;
      await transaction.commitWithAudit(change.audit);
      return ticket;
    },
    async replaceClassification(current, next) {
      await repository.replace(current, next);
    },
    async readSettings() {
      const stored = await repository.find<ItemSettings>(settingsType, settingsId);
      return { classificationEnabled: stored?.classificationEnabled ?? true };
    },
    async writeSettings(next, audit) {
      const current = await repository.find<ItemSettings>(settingsType, settingsId);
      const transaction = repository.transaction();
      if (current) transaction.replace(current, next);
      else transaction.create(settingsType, settingsId, next);
      await transaction.commitWithAudit(audit);
    },
    runWork: (outboxId, perform) =>
      runOutboxWork<ClassificationWork>(deps, { tenantId: context.tenantId, outboxId }, 'tax-classification', (work) =>
        perform(work),
      ),
  };
}
