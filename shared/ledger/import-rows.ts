import { parse } from 'csv-parse/sync';
import type { FieldProblem } from '../platform/errors';
import { importEntry, type ImportEntry, type JournalImportInput } from './schemas';

/** One entry of an import, named the way its problems are reported (`entries.3`, or `rows.7` for the CSV line). */
export interface ImportedEntry extends ImportEntry {
  readonly row: string;
  /** Where each line came from: `entries.3.lines.1`, or `rows.8` in a CSV. */
  readonly lineRows: readonly string[];
}

export const csvColumns = [
  'entry',
  'date',
  'memo',
  'reference',
  'account',
  'side',
  'amount',
  'facility',
  'division',
  'line_memo',
] as const;

const requiredColumns = ['entry', 'date', 'memo', 'account', 'side', 'amount'];
const blankToUndefined = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/**
 * The entries of a CSV with the header `entry,date,memo,reference,account,side,amount,facility,
 * division,line_memo`: one line per journal line, consecutive lines with the same `entry` key
 * forming one entry, whose date, memo and reference come from its first line.
 */
function csvEntries(text: string): { entries: ImportedEntry[]; problems: FieldProblem[] } {
  let records: Record<string, string>[];
  try {
    records = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    return {
      entries: [],
      problems: [{ field: 'csv', reason: error instanceof Error ? error.message : 'unreadable CSV' }],
    };
  }
  const header = Object.keys(records[0] ?? {});
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (records.length === 0 || missing.length > 0)
    return { entries: [], problems: [{ field: 'csv', reason: `a header naming the columns ${csvColumns.join(',')}` }] };
  const groups: Array<{ key: string; rows: Array<{ line: number; record: Record<string, string> }> }> = [];
  records.forEach((record, index) => {
    const line = index + 2;
    const last = groups[groups.length - 1];
    if (last && last.key === record.entry) last.rows.push({ line, record });
    else groups.push({ key: record.entry ?? '', rows: [{ line, record }] });
  });
  const problems: FieldProblem[] = [];
  const entries = groups.flatMap(({ rows }) => {
    const first = rows[0]!;
    const parsed = importEntry.safeParse({
      date: first.record.date,
      memo: first.record.memo,
      reference: blankToUndefined(first.record.reference),
      lines: rows.map(({ record }) => ({
        account: record.account,
        side: record.side,
        amount: record.amount,
        facility: blankToUndefined(record.facility),
        division: blankToUndefined(record.division),
        memo: blankToUndefined(record.line_memo),
      })),
    });
    if (parsed.success)
      return [{ ...parsed.data, row: `rows.${first.line}`, lineRows: rows.map(({ line }) => `rows.${line}`) }];
    for (const issue of parsed.error.issues) {
      // An issue of line n belongs to that line's CSV row; anything else to the entry's first row.
      const [head, index, column] = issue.path.map(String);
      const line = head === 'lines' && index !== undefined ? (rows[Number(index)]?.line ?? first.line) : first.line;
      const name = head === 'lines' ? (column === 'memo' ? 'line_memo' : (column ?? 'lines')) : (head ?? 'entry');
      problems.push({ field: `rows.${line}.${name}`, reason: issue.message });
    }
    return [];
  });
  return { entries, problems };
}

/** The entries of an import, JSON or CSV, each with the row its problems are reported against. */
export function importedEntries(input: JournalImportInput): { entries: ImportedEntry[]; problems: FieldProblem[] } {
  if ('csv' in input) return csvEntries(input.csv);
  const entries = input.entries.map((entry, index) => ({
    ...entry,
    row: `entries.${index}`,
    lineRows: entry.lines.map((_, line) => `entries.${index}.lines.${line}`),
  }));
  return { entries, problems: [] };
}
