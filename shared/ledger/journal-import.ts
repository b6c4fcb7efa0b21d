import { createHash } from 'node:crypto';
import { requireActiveDimensions } from '../dimensions/dimension-check';
import type { TenantContext } from '../platform/actor';
import { withinRestrictions } from '../platform/auth/restrictions';
import { requestHash } from '../platform/data/idempotency';
import type { Stored } from '../platform/data/stored-document';
import {
  ConflictError,
  DocumentChangedError,
  DocumentExistsError,
  ForbiddenError,
  ValidationError,
  type FieldProblem,
} from '../platform/errors';
import type { Books } from './books';
import { importedEntries, type ImportedEntry } from './import-rows';
import { draftFrom, requireEntry } from './journal-entries';
import type { JournalEntry } from './journal-entry';
import type { ImportRecord, JournalStore } from './journal-store';
import type { LedgerDependencies } from './ledger-dependencies';
import { toEntryLines } from './posting-checks';
import { lineProblems } from './posting-rules';
import type { JournalImportInput, JournalImportResult } from './schemas';

/** Every problem of every entry against the chart (by code, in the member's reach), the books and the months. */
async function checkImport(
  deps: LedgerDependencies,
  context: TenantContext,
  books: Books,
  entries: readonly ImportedEntry[],
): Promise<{ problems: FieldProblem[]; drafts: JournalEntry[] }> {
  const [accounts, closed] = await Promise.all([
    deps.chartStoreFor(context).listAccounts(),
    deps.journalStoreFor(context).closedMonths([...new Set(entries.map((e) => e.date.slice(0, 7)))]),
  ]);
  const byCode = new Map(accounts.filter((a) => !a.deleted).map((a) => [a.code, a]));
  const problems: FieldProblem[] = [];
  const outside: string[] = [];
  const drafts = entries.map((entry) => {
    const lines = entry.lines.map((line, index) => {
      const at = entry.lineRows[index]!;
      const account = byCode.get(line.account);
      if (!account) problems.push({ field: `${at}.account`, reason: 'no such account code' });
      else if (!account.active) problems.push({ field: `${at}.account`, reason: 'the account is inactive' });
      if (!withinRestrictions(context.restrictions, line)) outside.push(at);
      return { ...line, accountId: account?.id ?? 'account-unknown' };
    });
    let draft: JournalEntry | undefined;
    try {
      draft = draftFrom(context, { ...entry, currency: books.baseCurrency, lines });
    } catch (error) {
      const found = error instanceof ValidationError ? error.problems : [];
      problems.push(
        ...found.map((p) => ({
          field: p.field.replace(/^lines\.(\d+)/, (_, i: string) => entry.lineRows[Number(i)]!),
          reason: p.reason,
        })),
      );
    }
    if (draft)
      problems.push(
        ...lineProblems(toEntryLines(draft.lines)).map((p) => ({ field: `${entry.row}.${p.field}`, reason: p.reason })),
      );
    if (entry.date.slice(0, 7) < (books.booksStartMonth ?? ''))
      problems.push({ field: `${entry.row}.date`, reason: 'the date is before the start of the books' });
    if (closed.has(entry.date.slice(0, 7)))
      problems.push({ field: `${entry.row}.date`, reason: 'the period for this date is closed' });
    return draft!;
  });
  if (outside.length > 0)
    throw new ForbiddenError(`Outside the facilities and divisions you may use (${outside.slice(0, 50).join(', ')})`);
  return { problems, drafts };
}

/** Unknown or inactive facilities and divisions, by row, among the import's other problems. */
async function dimensionProblems(
  deps: LedgerDependencies,
  context: TenantContext,
  entries: readonly ImportedEntry[],
): Promise<readonly FieldProblem[]> {
  const lines = entries.flatMap((entry) => entry.lines.map((line, index) => ({ ...line, at: entry.lineRows[index]! })));
  try {
    await requireActiveDimensions(deps, context, lines, (index) => lines[index]!.at);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
}

/**
 * Imports journal entries (a company's books moving in): the whole batch is checked before
 * anything is written and every problem is reported by row; then every entry is posted, in date
 * order, through the organisation's posting lane (about 45 to a batch, numbered, audited). The
 * Idempotency-Key names the batch: sent again, a finished import answers as it did, an
 * interrupted one resumes (entry ids follow from the key, so none is posted twice), and another
 * request under the same key is a conflict. Under dual control an import is refused: it would
 * post entries no second member approved (import before turning dual control on).
 */
export async function importJournal(
  deps: LedgerDependencies,
  context: TenantContext,
  input: JournalImportInput,
  idempotencyKey: string | undefined,
): Promise<JournalImportResult> {
  if (!idempotencyKey)
    throw new ValidationError('An import needs an Idempotency-Key naming the batch', [
      { field: 'Idempotency-Key', reason: 'required: a retried import must not post its entries twice' },
    ]);
  const store = deps.journalStoreFor(context);
  const books = await store.readBooks();
  if (books.dualControl)
    throw new ConflictError(
      'Dual control is on: imported entries would post without a second approval, so import is refused',
    );
  const batch = createHash('sha256').update(`${context.actor.id}\n${idempotencyKey}`).digest('hex').slice(0, 40);
  const recordId = `journal-import-${batch}`;
  const hash = requestHash(input);
  const existing = await store.findImport(recordId);
  if (existing && existing.requestHash !== hash)
    throw new ConflictError('This Idempotency-Key was already used with a different import');
  if (existing?.state === 'done' && existing.result) return existing.result;

  const { entries, problems: parsing } = importedEntries(input);
  const { problems, drafts } = await checkImport(deps, context, books, entries);
  const all = [...parsing, ...problems, ...(await dimensionProblems(deps, context, entries))];
  if (all.length > 0) throw new ValidationError('The import was refused; nothing was written', all.slice(0, 1000));

  const record = existing ?? (await startRecord(store, recordId, hash));
  const order = entries
    .map((_, index) => index)
    .sort((a, b) => entries[a]!.date.localeCompare(entries[b]!.date) || a - b);
  const posted = await Promise.all(
    order.map(async (index) => {
      const entryId = `je-import-${batch.slice(0, 24)}-${index}`;
      const posting = {
        entryId,
        entry: drafts[index]!,
        audit: { action: 'ledger.entry-posted', details: { importBatch: recordId } },
      };
      try {
        return { index, entry: await store.post(posting) };
      } catch (error) {
        // Posted by an earlier, interrupted attempt with the same key.
        if (!(error instanceof DocumentExistsError)) throw error;
        return { index, entry: await requireEntry(store, entryId) };
      }
    }),
  );
  const byIndex = new Map(posted.map(({ index, entry }) => [index, entry]));
  const result: JournalImportResult = {
    imported: entries.length,
    entries: entries.map((entry, index) => {
      const stored: Stored<JournalEntry> = byIndex.get(index)!;
      return { row: entry.row, id: stored.id, number: stored.number! };
    }),
  };
  try {
    await store.saveImport(record, { requestHash: hash, state: 'done', result });
  } catch (error) {
    // The same batch finished by a concurrent attempt with this key: its result is this one.
    if (!(error instanceof DocumentChangedError)) throw error;
  }
  return result;
}

async function startRecord(store: JournalStore, id: string, hash: string): Promise<Stored<ImportRecord>> {
  try {
    return await store.createImport(id, { requestHash: hash, state: 'running', result: null });
  } catch (error) {
    // The same import sent twice at once: both go on, the entries' fixed ids post each once.
    if (!(error instanceof DocumentExistsError)) throw error;
    const started = await store.findImport(id);
    if (!started) throw error;
    return started;
  }
}
