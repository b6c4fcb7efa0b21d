/**
 * What a batch's and a file's control records must say, computed from their entries: counts of
 * entry and addenda records, the entry hash (the sum of the receiving banks' 8-digit routing
 * numbers, its rightmost ten digits), debit and credit totals, and the block count (blocks of ten
 * 94-character records).
 */
import { isDebit, type Batch, type BatchControl, type BatchHeader, type Entry, type FileControl } from './records';

export const blockingFactor = 10;
const hashModulus = 10_000_000_000n;

function tenDigits(value: bigint): string {
  return (value % hashModulus).toString().padStart(10, '0');
}

export function batchControlFor(header: BatchHeader, entries: readonly Entry[]): BatchControl {
  let hash = 0n;
  let totalDebit = 0n;
  let totalCredit = 0n;
  let addenda = 0;
  for (const entry of entries) {
    hash += BigInt(entry.receivingDfi);
    if (isDebit(entry.transactionCode)) totalDebit += entry.amount;
    else totalCredit += entry.amount;
    addenda += entry.addenda.length;
  }
  return {
    serviceClassCode: header.serviceClassCode,
    entryAddendaCount: entries.length + addenda,
    entryHash: tenDigits(hash),
    totalDebit,
    totalCredit,
    companyIdentification: header.companyIdentification,
    messageAuthenticationCode: '',
    reserved: '',
    originatingDfi: header.originatingDfi,
    batchNumber: header.batchNumber,
  };
}

/** Records before padding: file header, each batch's header, entries, addenda and control, file control. */
export function recordCount(batches: readonly Batch[]): number {
  return 2 + batches.reduce((total, batch) => total + 2 + batch.control.entryAddendaCount, 0);
}

export function fileControlFor(batches: readonly Batch[]): FileControl {
  let hash = 0n;
  let totalDebit = 0n;
  let totalCredit = 0n;
  let entryAddendaCount = 0;
  for (const { control } of batches) {
    hash += BigInt(control.entryHash);
    totalDebit += control.totalDebit;
    totalCredit += control.totalCredit;
    entryAddendaCount += control.entryAddendaCount;
  }
  return {
    batchCount: batches.length,
    blockCount: Math.ceil(recordCount(batches) / blockingFactor),
    entryAddendaCount,
    entryHash: tenDigits(hash),
    totalDebit,
    totalCredit,
    reserved: '',
  };
}
