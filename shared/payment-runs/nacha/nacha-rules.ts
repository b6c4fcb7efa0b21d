/** Rules a NACHA file must keep beyond its control totals; shared by the parser and the builder's tests. */
import { formatError } from './fields';
import { routingCheckDigit, isRoutingNumber } from './routing-number';
import { ctxAddendaCount, isDebit, type Batch, type FileHeader } from './records';

export function checkFileHeader(header: FileHeader, line: number): void {
  if (header.recordSize !== '094') throw formatError(line, `record size ${header.recordSize}, not 094`);
  if (header.blockingFactor !== '10') throw formatError(line, `blocking factor ${header.blockingFactor}, not 10`);
  if (header.formatCode !== '1') throw formatError(line, `format code ${header.formatCode}, not 1`);
  if (/^\d{9}$/.test(header.immediateDestination) && !isRoutingNumber(header.immediateDestination)) {
    throw formatError(line, `immediate destination ${header.immediateDestination} fails its check digit`);
  }
}

const serviceClasses = new Set(['200', '220', '225']);

export function checkBatch(batch: Batch, headerLine: number): void {
  const { header, entries } = batch;
  if (!serviceClasses.has(header.serviceClassCode)) {
    throw formatError(headerLine, `service class ${header.serviceClassCode} is not 200, 220 or 225`);
  }
  let line = headerLine;
  let previousTrace = '';
  for (const entry of entries) {
    line += 1;
    if (routingCheckDigit(entry.receivingDfi) !== entry.checkDigit) {
      throw formatError(line, `routing number ${entry.receivingDfi}${entry.checkDigit} fails its check digit`);
    }
    const debit = isDebit(entry.transactionCode);
    if ((header.serviceClassCode === '220' && debit) || (header.serviceClassCode === '225' && !debit)) {
      throw formatError(
        line,
        `transaction code ${entry.transactionCode} does not belong in service class ${header.serviceClassCode}`,
      );
    }
    if (!entry.traceNumber.startsWith(header.originatingDfi) || entry.traceNumber <= previousTrace) {
      throw formatError(line, `trace number ${entry.traceNumber} must start with ${header.originatingDfi} and ascend`);
    }
    previousTrace = entry.traceNumber;
    const allowed = header.standardEntryClass === 'CTX' ? ctxAddendaCount(entry) : Math.min(entry.addenda.length, 1);
    if (allowed !== entry.addenda.length) {
      throw formatError(
        line,
        `${entry.addenda.length} addenda where ${header.standardEntryClass} allows ${allowed ?? 'none'}`,
      );
    }
    entry.addenda.forEach((addenda, index) => {
      line += 1;
      if (addenda.addendaTypeCode !== '05') throw formatError(line, `addenda type ${addenda.addendaTypeCode}, not 05`);
      if (
        addenda.addendaSequenceNumber !== index + 1 ||
        addenda.entryDetailSequenceNumber !== entry.traceNumber.slice(8)
      ) {
        throw formatError(line, 'addenda sequence or entry detail sequence number does not match its entry');
      }
    });
  }
}
