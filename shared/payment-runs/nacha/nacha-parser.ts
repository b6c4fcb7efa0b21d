/**
 * Our reader of NACHA files: it parses every record by its layout and refuses a file whose control
 * records disagree with its entries (counts, totals, entry hash), whose routing numbers fail their
 * check digit, whose records are not 94 characters or whose blocks are not padded to ten with `9`
 * records. What it accepts writes back byte for byte (writeNacha).
 */
import { batchControlFor, blockingFactor, fileControlFor, recordCount } from './nacha-controls';
import { formatError } from './fields';
import { checkBatch, checkFileHeader } from './nacha-rules';
import { readTyped, type Batch, type Entry, type LineLayout, type NachaFile } from './records';

const padding = '9'.repeat(94);

function splitLines(text: string): { lines: string[]; layout: LineLayout } {
  const lineEnding = text.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = text.endsWith(lineEnding);
  const lines = (finalNewline ? text.slice(0, -lineEnding.length) : text).split(lineEnding);
  lines.forEach((line, index) => {
    if (line.length !== 94) throw formatError(index + 1, `is ${line.length} characters, not 94`);
  });
  return { lines, layout: { lineEnding, finalNewline } };
}

export function parseNacha(text: string): NachaFile {
  const { lines, layout } = splitLines(text);
  let index = 0;
  const next = (expected: string): string => {
    const line = lines[index];
    if (line?.[0] !== expected)
      throw formatError(index + 1, `expected a type ${expected} record, found ${line?.[0] ?? 'the end of the file'}`);
    index += 1;
    return line;
  };
  const header = readTyped('1', next('1'), index);
  checkFileHeader(header, 1);
  const batches: Batch[] = [];
  while (lines[index]?.[0] === '5') batches.push(readBatch(lines, () => index, next));
  const controlLine = index + 1;
  const control = readTyped('9', next('9'), index);
  const padded = lines.slice(index);
  padded.forEach((line, offset) => {
    if (line !== padding) throw formatError(index + offset + 1, 'only 9-filled records may follow the file control');
  });
  if (lines.length % blockingFactor !== 0 || padded.length >= blockingFactor) {
    throw formatError(lines.length, `${lines.length} records are not padded to a multiple of ${blockingFactor}`);
  }
  compareControl(controlLine, 'file control', control, fileControlFor(batches), 'the batches', [
    'batchCount',
    'blockCount',
    'entryAddendaCount',
    'entryHash',
    'totalDebit',
    'totalCredit',
  ]);
  if (recordCount(batches) + padded.length !== lines.length)
    throw formatError(controlLine, 'records outside any batch');
  return { header, batches, control, lines: layout };
}

function readBatch(lines: readonly string[], position: () => number, next: (type: string) => string): Batch {
  const headerLine = position() + 1;
  const header = readTyped('5', next('5'), headerLine);
  const entries: Entry[] = [];
  while (lines[position()]?.[0] === '6') {
    const entryLine = position() + 1;
    const entry: Entry = { ...readTyped('6', next('6'), entryLine), addenda: [] };
    while (lines[position()]?.[0] === '7') entry.addenda.push(readTyped('7', next('7'), position()));
    checkEntryLine(entry, entryLine);
    entries.push(entry);
  }
  const controlLine = position() + 1;
  const control = readTyped('8', next('8'), controlLine);
  const batch = { header, entries, control };
  checkBatch(batch, headerLine);
  compareControl(controlLine, 'batch control', control, batchControlFor(header, entries), 'the entries', [
    'serviceClassCode',
    'entryAddendaCount',
    'entryHash',
    'totalDebit',
    'totalCredit',
    'companyIdentification',
    'originatingDfi',
    'batchNumber',
  ]);
  return batch;
}

/** A control record must say what its records give: the first field that differs is the error. */
function compareControl<T extends object>(
  line: number,
  record: string,
  control: T,
  expected: T,
  source: string,
  fields: readonly (keyof T & string)[],
): void {
  for (const field of fields) {
    if (control[field] !== expected[field])
      throw formatError(
        line,
        `${record} ${field} says ${String(control[field])}, ${source} give ${String(expected[field])}`,
      );
  }
}

function checkEntryLine(entry: Entry, line: number): void {
  if (entry.addendaIndicator !== (entry.addenda.length > 0 ? '1' : '0')) {
    throw formatError(line, `addenda indicator ${entry.addendaIndicator} but ${entry.addenda.length} addenda follow`);
  }
}
