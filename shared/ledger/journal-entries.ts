import type { TenantContext } from '../platform/actor';
import { runIdempotent } from '../platform/data/idempotency';
import type { Stored } from '../platform/data/stored-document';
import type { TenantRepository, TenantTransaction } from '../platform/data/tenant-repository';
import { ConflictError } from '../platform/errors';
import type { LedgerDependencies } from './accounts';
import { LedgerRepository } from './ledger-repository';
import { readBooks, requireBaseCurrency } from './books';
import { journalEntryType, reversalLinkType, type JournalEntry, type StoredLine } from './journal-entry';
import { formatAmount, parseAmount } from './money';
import { journalEntryView, type DraftInput, type JournalEntryView, type LineInput } from './schemas';

/** Every ledger read and write goes through the member's restrictions (ledger-repository.ts). */
export const repositoryFor = (deps: LedgerDependencies, context: TenantContext) => LedgerRepository.open(deps, context);

function toStoredLines(lines: readonly LineInput[], currency: string): StoredLine[] {
  return lines.map((line, index) => ({
    accountId: line.accountId,
    side: line.side,
    amountMinor: parseAmount(line.amount, currency, `lines.${index}.amount`).toString(),
    facility: line.facility ?? null,
    division: line.division ?? null,
    memo: line.memo ?? null,
  }));
}

/** An entry as the API shows it. */
export async function entryView(repository: TenantRepository, entry: Stored<JournalEntry>): Promise<JournalEntryView> {
  const link =
    entry.status === 'posted'
      ? await repository.find<{ reversalId: string }>(reversalLinkType, `reversal-of-${entry.id}`)
      : undefined;
  return journalEntryView.parse({
    ...entry,
    reversedBy: link?.reversalId ?? null,
    lines: entry.lines.map((line) => ({ ...line, amount: formatAmount(BigInt(line.amountMinor), entry.currency) })),
  });
}

/** Creates a draft; the same Idempotency-Key always yields the first draft, never a second. */
export async function createDraft(
  deps: LedgerDependencies,
  context: TenantContext,
  input: DraftInput,
  idempotencyKey?: string,
): Promise<JournalEntryView> {
  const repository = await repositoryFor(deps, context);
  requireBaseCurrency(await readBooks(repository), input.currency);
  const draft: JournalEntry = {
    status: 'draft',
    number: null,
    date: input.date,
    memo: input.memo,
    reference: input.reference ?? null,
    currency: input.currency,
    lines: toStoredLines(input.lines, input.currency),
    reversalOf: null,
    postedAt: null,
    postedBy: null,
  };
  const write = (transaction: TenantTransaction) => {
    const id = `je-${deps.ids.newId()}`;
    transaction.create(journalEntryType, id, draft);
    return { id };
  };
  let id: string;
  if (idempotencyKey) {
    ({ id } = (
      await runIdempotent(repository, 'journal-entries.create', idempotencyKey, input, async (transaction) =>
        write(transaction),
      )
    ).result);
  } else {
    const transaction = repository.transaction();
    ({ id } = write(transaction));
    await transaction.commit();
  }
  return entryView(repository, await repository.get<JournalEntry>(journalEntryType, id));
}

export async function updateDraft(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
  input: DraftInput,
): Promise<JournalEntryView> {
  const repository = await repositoryFor(deps, context);
  requireBaseCurrency(await readBooks(repository), input.currency);
  const updated = await repository.update<JournalEntry>(journalEntryType, id, (current) => {
    if (current.status !== 'draft') throw new ConflictError('A posted entry is never edited; reverse it instead');
    if (current.reversalOf) throw new ConflictError('A drafted reversal mirrors its original and cannot be edited');
    return {
      ...current,
      date: input.date,
      memo: input.memo,
      reference: input.reference ?? null,
      currency: input.currency,
      lines: toStoredLines(input.lines, input.currency),
    };
  });
  return entryView(repository, updated);
}

export async function getEntry(
  deps: LedgerDependencies,
  context: TenantContext,
  id: string,
): Promise<JournalEntryView> {
  const repository = await repositoryFor(deps, context);
  return entryView(repository, await repository.get<JournalEntry>(journalEntryType, id));
}

export async function listEntries(
  deps: LedgerDependencies,
  context: TenantContext,
  page: { continuationToken?: string; pageSize?: number },
) {
  const repository = await repositoryFor(deps, context);
  const result = await repository.query<JournalEntry>(journalEntryType, {
    orderBy: 'c.date DESC',
    maxItemCount: page.pageSize ?? 50,
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  });
  return {
    items: await Promise.all(result.items.map((entry) => entryView(repository, entry))),
    continuationToken: result.continuationToken ?? null,
  };
}
