import { formatAmount, parseAmount } from '../ledger/money';
import type { TenantContext } from '../platform/actor';
import { withinRestrictions } from '../platform/auth/restrictions';
import type { Stored } from '../platform/data/stored-document';
import { retryOnConflict } from '../platform/data/retry';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { dispatchOutbox, type OutboxTicket } from '../platform/outbox/outbox-record';
import type { Item, ItemClassification, ItemStore } from './item-store';
import type { ItemsDependencies } from './items-dependencies';
import { viewItem } from './item-view';
import type { ItemChanges, ItemListQuery, ItemType, ItemView, NewItem } from './schemas';

/**
 * Items carry no facility or division: they belong to the whole organisation, so, like every
 * untagged record (../platform/auth/restrictions.ts), they are out of a restricted member's reach.
 */
export const withinReach = (context: TenantContext) => withinRestrictions(context.restrictions, {});

export function requireReach(context: TenantContext, doing: string): void {
  if (!withinReach(context))
    throw new ForbiddenError(`${doing} is for members not restricted to facilities or divisions`);
}

/** An item the caller may see: deleted items and items out of reach answer 404 (for reads and writes alike). */
export async function readItem(store: ItemStore, context: TenantContext, id: string): Promise<Stored<Item>> {
  const item = withinReach(context) ? await store.findItem(id) : undefined;
  if (!item || item.deleted) throw new NotFoundError(`No item with id ${id}`);
  return item;
}

async function checkAccounts(store: ItemStore, type: ItemType, revenue: string, expense: string | null): Promise<void> {
  const wanted = [
    { field: 'revenueAccountId', id: revenue, accountType: 'revenue' },
    ...(expense ? [{ field: 'expenseAccountId', id: expense, accountType: 'expense' }] : []),
  ];
  for (const { field, id, accountType } of wanted) {
    const account = await store.findAccount(id);
    if (!account?.usable || account.accountType !== accountType)
      throw new ValidationError('The item names an account it cannot use', [
        { field, reason: `an active ${accountType} account of the organisation` },
      ]);
  }
  if (type === 'inventory' && !expense)
    throw new ValidationError('An inventory item needs an expense account', [
      { field: 'expenseAccountId', reason: 'the cost of goods sold account, required for inventory' },
    ]);
}

/** Whether the AI step may run for this organisation now: both switches on. */
export async function classificationAllowed(deps: ItemsDependencies, store: ItemStore): Promise<boolean> {
  return deps.platformClassification && (await store.readSettings()).classificationEnabled;
}

/** A fresh request for a suggestion (or `off`), keeping an earlier admin decision on record. */
function requested(itemId: string, outboxId: string | undefined, earlier?: ItemClassification): ItemClassification {
  return {
    itemId,
    status: outboxId ? 'pending' : 'off',
    outboxId: outboxId ?? null,
    suggestion: null,
    detail: outboxId ? null : 'the AI step is switched off: nothing was sent',
    decision: earlier?.decision ?? null,
  };
}

/** The write committed; if this send is lost, the outbox sweeper sends it. */
async function dispatch(deps: ItemsDependencies, ticket: OutboxTicket | undefined): Promise<void> {
  if (!ticket) return;
  await dispatchOutbox(deps.queues, [ticket]).catch((error: unknown) =>
    deps.logger.warn('classification not enqueued; the outbox sweeper will', { error: String(error) }),
  );
}

export async function createItem(deps: ItemsDependencies, context: TenantContext, input: NewItem): Promise<ItemView> {
  requireReach(context, 'Adding items');
  const store = deps.storeFor(context);
  const unitPriceMinor = parseAmount(input.unitPrice, input.currency, 'unitPrice');
  await checkAccounts(store, input.type, input.revenueAccountId, input.expenseAccountId ?? null);
  const id = `item-${deps.ids.newId()}`;
  const item: Item = {
    sku: input.sku,
    skuKey: input.sku.toLowerCase(),
    name: input.name,
    description: input.description,
    itemType: input.type,
    currency: input.currency,
    unitPriceMinor: unitPriceMinor.toString(),
    revenueAccountId: input.revenueAccountId,
    expenseAccountId: input.expenseAccountId ?? null,
    taxCode: null,
    active: true,
    deleted: false,
  };
  const outboxId = (await classificationAllowed(deps, store)) ? `outbox-${deps.ids.newId()}` : undefined;
  let ticket: OutboxTicket | undefined;
  try {
    ticket = await store.write({
      id,
      item: { next: item },
      classification: { next: requested(id, outboxId) },
      ...(outboxId ? { classify: outboxId } : {}),
    });
  } catch (error) {
    if (error instanceof ConflictError && /item-sku/.test(error.message))
      throw new ConflictError(`SKU ${input.sku} is already used`);
    throw error;
  }
  await dispatch(deps, ticket);
  return getItem(deps, context, id);
}

export async function getItem(deps: ItemsDependencies, context: TenantContext, id: string): Promise<ItemView> {
  const store = deps.storeFor(context);
  const item = await readItem(store, context, id);
  return viewItem(item, await store.findClassification(id));
}

export async function listItems(deps: ItemsDependencies, context: TenantContext, query: ItemListQuery) {
  if (!withinReach(context)) return { items: [] };
  const store = deps.storeFor(context);
  const page = await store.listItems({
    includeInactive: query.includeInactive,
    pageSize: query.pageSize,
    ...(query.search ? { search: query.search } : {}),
    ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
  });
  const classifications = await store.classificationsOf(page.items.map((i) => i.id));
  return {
    items: page.items.map((item) => viewItem(item, classifications.get(item.id))),
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  };
}

function changed(current: Item, changes: ItemChanges): Item {
  const currency = changes.currency ?? current.currency;
  const price =
    changes.unitPrice !== undefined || changes.currency !== undefined
      ? // The stored price is re-read in a new currency, which may refuse its decimals.
        parseAmount(
          changes.unitPrice ?? formatAmount(BigInt(current.unitPriceMinor), current.currency),
          currency,
          'unitPrice',
        ).toString()
      : current.unitPriceMinor;
  return {
    ...current,
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.description !== undefined ? { description: changes.description } : {}),
    ...(changes.revenueAccountId !== undefined ? { revenueAccountId: changes.revenueAccountId } : {}),
    ...(changes.expenseAccountId !== undefined ? { expenseAccountId: changes.expenseAccountId } : {}),
    ...(changes.active !== undefined ? { active: changes.active } : {}),
    currency,
    unitPriceMinor: price,
  };
}

/** A change of name or description asks for a new suggestion: the old one was about other words. */
export async function updateItem(
  deps: ItemsDependencies,
  context: TenantContext,
  id: string,
  changes: ItemChanges,
): Promise<ItemView> {
  const store = deps.storeFor(context);
  const ticket = await retryOnConflict(`item ${id}`, async () => {
    const current = await readItem(store, context, id);
    const next = changed(current, changes);
    if (changes.revenueAccountId !== undefined || changes.expenseAccountId !== undefined)
      await checkAccounts(store, next.itemType, next.revenueAccountId, next.expenseAccountId);
    const classification = await store.findClassification(id);
    const reworded = next.name !== current.name || next.description !== current.description;
    const outboxId = reworded && (await classificationAllowed(deps, store)) ? `outbox-${deps.ids.newId()}` : undefined;
    return store.write({
      id,
      item: { current, next },
      classification: {
        ...(classification ? { current: classification } : {}),
        next: reworded || !classification ? requested(id, outboxId, classification) : classification,
      },
      ...(outboxId ? { classify: outboxId } : {}),
    });
  });
  await dispatch(deps, ticket);
  return getItem(deps, context, id);
}

/** Soft delete: invoice lines keep naming the item, and its SKU is never given to another. */
export async function deleteItem(deps: ItemsDependencies, context: TenantContext, id: string): Promise<void> {
  const store = deps.storeFor(context);
  await retryOnConflict(`item ${id}`, async () => {
    const current = await readItem(store, context, id);
    await store.write({ id, item: { current, next: { ...current, deleted: true, active: false } } });
  });
}
