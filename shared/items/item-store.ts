import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { OutboxTicket } from '../platform/outbox/outbox-record';
import type { ClassificationStatus, ItemType } from './schemas';

export interface Item {
  readonly sku: string;
  /** The SKU lowercased: what uniqueness and search compare. */
  readonly skuKey: string;
  readonly name: string;
  readonly description: string;
  /** Named so because `type` is the data layer's document discriminator. */
  readonly itemType: ItemType;
  readonly currency: string;
  /** Integer minor units as a decimal string (JSON has no bigint). */
  readonly unitPriceMinor: string;
  readonly revenueAccountId: string;
  readonly expenseAccountId: string | null;
  /** Set only by an admin accepting or overriding a suggestion. */
  readonly taxCode: string | null;
  readonly active: boolean;
  /** Soft delete: the item and its SKU stay for the invoice lines that name them. */
  readonly deleted: boolean;
}

export interface TaxSuggestion {
  readonly code: string;
  readonly name: string;
  readonly confidence: number;
  readonly reason: string;
  readonly model: string;
  readonly at: string;
}

/** Beside the item, not in it: the AI step never writes the item itself. */
export interface ItemClassification {
  readonly itemId: string;
  readonly status: ClassificationStatus;
  /** The outbox work asking for the current name and description; older work finds itself superseded. */
  readonly outboxId: string | null;
  readonly suggestion: TaxSuggestion | null;
  readonly detail: string | null;
  readonly decision: {
    readonly kind: 'accepted' | 'overridden';
    readonly code: string;
    readonly by: string;
    readonly at: string;
  } | null;
}

export interface ItemSettings {
  readonly classificationEnabled: boolean;
}

/** The outbox payload: the item to classify, nothing of its content (that is read when the work runs). */
export interface ClassificationWork {
  readonly itemId: string;
}

export interface AccountSummary {
  readonly accountType: string;
  readonly usable: boolean;
}

/**
 * One write of an item and its classification together: with `classify`, outbox work under that
 * id joins the same transaction; with `audit`, an audit record does.
 */
export interface ItemWrite {
  readonly id: string;
  readonly item: { readonly current?: Stored<Item>; readonly next: Item };
  readonly classification?: { readonly current?: Stored<ItemClassification>; readonly next: ItemClassification };
  readonly classify?: string;
  readonly audit?: AuditEntry;
}

export interface ItemPageFilter {
  readonly search?: string;
  readonly includeInactive: boolean;
  readonly pageSize: number;
  readonly continuationToken?: string;
}

/**
 * What the items domain needs from storage, for one organisation. Errors: `ConflictError` when
 * a SKU is taken (message names the SKU index) or a concurrent write won (`PreconditionFailedError`
 * for a stale ETag); `NotFoundError` never: finds answer undefined.
 */
export interface ItemStore {
  findItem(id: string): Promise<Stored<Item> | undefined>;
  findClassification(itemId: string): Promise<Stored<ItemClassification> | undefined>;
  classificationsOf(itemIds: readonly string[]): Promise<ReadonlyMap<string, Stored<ItemClassification>>>;
  listItems(filter: ItemPageFilter): Promise<{ items: Stored<Item>[]; continuationToken?: string }>;
  findAccount(id: string): Promise<AccountSummary | undefined>;
  write(change: ItemWrite): Promise<OutboxTicket | undefined>;
  replaceClassification(current: Stored<ItemClassification>, next: ItemClassification): Promise<void>;
  readSettings(): Promise<ItemSettings>;
  writeSettings(next: ItemSettings, audit: AuditEntry): Promise<void>;
  /**
   * Runs classification work of this organisation through the outbox's work runner: claimed under
   * a lease (a duplicate delivery finds it claimed or finished: 'nothing to do'), completed with
   * what `perform` returns, or given back for the queue's retry when `perform` throws.
   */
  runWork(
    outboxId: string,
    perform: (work: ClassificationWork) => Promise<Readonly<Record<string, string>>>,
  ): Promise<'completed' | 'nothing to do'>;
}
