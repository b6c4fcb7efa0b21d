import { formatAmount } from '../ledger/money';
import type { Stored } from '../platform/data/stored-document';
import type { Item, ItemClassification } from './item-store';
import { itemView, type ItemView } from './schemas';
import { taxCodeNamed } from './stripe-tax-codes';

const noClassification = { status: 'off', suggestion: null, detail: null, decision: null } as const;

/** An item as the API shows it, with its classification beside it; the schema picks the fields. */
export function viewItem(item: Stored<Item>, classification: ItemClassification | undefined): ItemView {
  const { status, suggestion, detail, decision } = classification ?? noClassification;
  return itemView.parse({
    ...item,
    type: item.itemType,
    unitPrice: formatAmount(BigInt(item.unitPriceMinor), item.currency),
    taxCodeName: item.taxCode ? (taxCodeNamed(item.taxCode)?.name ?? null) : null,
    classification: { status, suggestion, detail, decision },
  });
}
