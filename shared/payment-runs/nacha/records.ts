/**
 * The record layouts of a NACHA file (Nacha Operating Rules, Appendix Three), after the one-digit
 * record type code. Positions in comments are 1-based as in the rules.
 */
import { alpha, amount, count, digits, readRecord, routingField, writeRecord, type RecordOf } from './fields';

const fileHeaderLayout = {
  priorityCode: digits(2), // 2-3
  immediateDestination: routingField(), // 4-13
  immediateOrigin: routingField(), // 14-23
  fileCreationDate: digits(6), // 24-29 YYMMDD
  fileCreationTime: alpha(4), // 30-33 HHMM, optional
  fileIdModifier: alpha(1), // 34
  recordSize: digits(3), // 35-37 "094"
  blockingFactor: digits(2), // 38-39 "10"
  formatCode: digits(1), // 40 "1"
  immediateDestinationName: alpha(23), // 41-63
  immediateOriginName: alpha(23), // 64-86
  referenceCode: alpha(8), // 87-94
} as const;

const batchHeaderLayout = {
  serviceClassCode: digits(3), // 2-4: 200 mixed, 220 credits, 225 debits
  companyName: alpha(16), // 5-20
  companyDiscretionaryData: alpha(20), // 21-40
  companyIdentification: alpha(10), // 41-50
  standardEntryClass: alpha(3), // 51-53: CCD, PPD, CTX...
  companyEntryDescription: alpha(10), // 54-63
  companyDescriptiveDate: alpha(6), // 64-69
  effectiveEntryDate: digits(6), // 70-75 YYMMDD
  settlementDate: alpha(3), // 76-78, inserted by the ACH operator
  originatorStatusCode: alpha(1), // 79
  originatingDfi: digits(8), // 80-87
  batchNumber: count(7), // 88-94
} as const;

/**
 * Entry detail. Positions 55-76 hold the receiver's name for CCD and PPD; CTX packs the number of
 * addenda (4 digits) and a 16-character company name there (see ctxAddendaCount).
 */
const entryLayout = {
  transactionCode: digits(2), // 2-3
  receivingDfi: digits(8), // 4-11
  checkDigit: digits(1), // 12
  dfiAccountNumber: alpha(17), // 13-29
  amount: amount(10), // 30-39
  identificationNumber: alpha(15), // 40-54
  receiverName: alpha(22), // 55-76
  discretionaryData: alpha(2), // 77-78
  addendaIndicator: digits(1), // 79
  traceNumber: digits(15), // 80-94
} as const;

const addendaLayout = {
  addendaTypeCode: digits(2), // 2-3: 05 for CCD/PPD/CTX remittance
  paymentRelatedInformation: alpha(80), // 4-83
  addendaSequenceNumber: count(4), // 84-87
  entryDetailSequenceNumber: digits(7), // 88-94
} as const;

const batchControlLayout = {
  serviceClassCode: digits(3), // 2-4
  entryAddendaCount: count(6), // 5-10
  entryHash: digits(10), // 11-20
  totalDebit: amount(12), // 21-32
  totalCredit: amount(12), // 33-44
  companyIdentification: alpha(10), // 45-54
  messageAuthenticationCode: alpha(19), // 55-73
  reserved: alpha(6), // 74-79
  originatingDfi: digits(8), // 80-87
  batchNumber: count(7), // 88-94
} as const;

const fileControlLayout = {
  batchCount: count(6), // 2-7
  blockCount: count(6), // 8-13
  entryAddendaCount: count(8), // 14-21
  entryHash: digits(10), // 22-31
  totalDebit: amount(12), // 32-43
  totalCredit: amount(12), // 44-55
  reserved: alpha(39), // 56-94
} as const;

/** Every layout by its record type code: the one table the writer and the parser both read. */
const layouts = {
  '1': fileHeaderLayout,
  '5': batchHeaderLayout,
  '6': entryLayout,
  '7': addendaLayout,
  '8': batchControlLayout,
  '9': fileControlLayout,
} as const;
type TypeCode = keyof typeof layouts;

/** Reads the record of type `code` from its 94 characters; `line` is 1-based, for the error. */
export function readTyped<C extends TypeCode>(code: C, text: string, line: number): RecordOf<(typeof layouts)[C]> {
  return readRecord(layouts[code], text, line);
}

export function writeTyped<C extends TypeCode>(code: C, record: RecordOf<(typeof layouts)[C]>): string {
  return writeRecord(code, layouts[code], record);
}

export type FileHeader = RecordOf<typeof fileHeaderLayout>;
export type BatchHeader = RecordOf<typeof batchHeaderLayout>;
export type Addenda = RecordOf<typeof addendaLayout>;
export type Entry = RecordOf<typeof entryLayout> & { addenda: Addenda[] };
export type BatchControl = RecordOf<typeof batchControlLayout>;
export type FileControl = RecordOf<typeof fileControlLayout>;

export interface Batch {
  header: BatchHeader;
  entries: Entry[];
  control: BatchControl;
}

/** How the file's lines were separated, so a parsed file writes back byte for byte. */
export interface LineLayout {
  readonly lineEnding: '\n' | '\r\n';
  readonly finalNewline: boolean;
}

export interface NachaFile {
  header: FileHeader;
  batches: Batch[];
  control: FileControl;
  lines: LineLayout;
}

/** The second digit of a transaction code: 0-4 credit (2 live, 3 prenote), 5-9 debit. */
export function isDebit(transactionCode: string): boolean {
  return Number(transactionCode[1]) >= 5;
}

export function ctxAddendaCount(entry: Entry): number | undefined {
  const packed = entry.receiverName.slice(0, 4);
  return /^\d{4}$/.test(packed) ? Number(packed) : undefined;
}
