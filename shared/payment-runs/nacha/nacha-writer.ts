/**
 * Writes a NACHA file from its records: every record by its layout, then `9` records up to a
 * multiple of ten. composeNacha computes the control records, so a file we build always agrees
 * with itself; writeNacha writes a parsed file back unchanged.
 */
import { batchControlFor, blockingFactor, fileControlFor } from './nacha-controls';
import { writeTyped, type Batch, type BatchHeader, type Entry, type FileHeader, type NachaFile } from './records';

export function composeNacha(
  header: FileHeader,
  batches: readonly { header: BatchHeader; entries: Entry[] }[],
): NachaFile {
  const complete = batches.map((batch) => ({ ...batch, control: batchControlFor(batch.header, batch.entries) }));
  return {
    header,
    batches: complete,
    control: fileControlFor(complete),
    lines: { lineEnding: '\n', finalNewline: true },
  };
}

export function writeNacha(file: NachaFile): string {
  const records = [writeTyped('1', file.header)];
  for (const batch of file.batches) records.push(...batchRecords(batch));
  records.push(writeTyped('9', file.control));
  while (records.length % blockingFactor !== 0) records.push('9'.repeat(94));
  const { lineEnding, finalNewline } = file.lines;
  return records.join(lineEnding) + (finalNewline ? lineEnding : '');
}

function batchRecords(batch: Batch): string[] {
  const records = [writeTyped('5', batch.header)];
  for (const entry of batch.entries) {
    const { addenda, ...detail } = entry;
    records.push(writeTyped('6', detail));
    for (const record of addenda) records.push(writeTyped('7', record));
  }
  records.push(writeTyped('8', batch.control));
  return records;
}
