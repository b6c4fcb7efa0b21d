/**
 * Builds the NACHA file of a payment run: credits to vendors' accounts, CCD for businesses (one
 * `05` addenda naming the paid invoices, the remittance the vendor's bank passes on) and PPD for
 * individuals, `PURCHASE` as the company entry description (Nacha's 2026 rule for vendor
 * payments), prenotes as zero-dollar entries (23 checking, 33 savings) in the same batches.
 */
import { isBankingDay } from '../../payables/banking-days';
import { ValidationError } from '../../platform/errors';
import { composeNacha } from './nacha-writer';
import type { Addenda, BatchHeader, Entry, NachaFile } from './records';
import { isRoutingNumber } from './routing-number';

export interface Originator {
  readonly immediateDestination: string;
  readonly immediateDestinationName: string;
  readonly immediateOrigin: string;
  readonly immediateOriginName: string;
  readonly companyName: string;
  readonly companyIdentification: string;
  /** The originating bank's routing number; its first eight digits begin every trace number. */
  readonly originatingRoutingNumber: string;
}

export interface PaymentEntry {
  readonly receiver: 'business' | 'individual';
  readonly routingNumber: string;
  readonly accountNumber: string;
  readonly accountType: 'checking' | 'savings';
  readonly name: string;
  /** Our identifier for the receiver (the vendor's number), up to 15 characters. */
  readonly reference: string;
  readonly amountMinor: bigint;
  readonly invoiceNumbers: readonly string[];
  readonly prenote: boolean;
}

export interface PaymentFileInput {
  readonly originator: Originator;
  /** UTC creation time of the file; the effective entry date is the run's pay date (YYYY-MM-DD, a banking day). */
  readonly createdAt: Date;
  readonly payDate: string;
  readonly fileIdModifier: string;
  readonly referenceCode: string;
  readonly entries: readonly PaymentEntry[];
}

/** Names and remittance text reduced to NACHA's printable ASCII: accents dropped, others blanked. */
export function nachaText(value: string, length: number): string {
  const ascii = value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return ascii
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/[*~\\]/g, ' ')
    .toUpperCase()
    .slice(0, length)
    .trimEnd();
}

function yymmdd(isoDate: string): string {
  return isoDate.slice(2, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);
}

/** The invoice numbers that fit in one addenda's 80 characters; the emailed remittance lists them all. */
export function remittanceText(invoiceNumbers: readonly string[]): string {
  let text = 'INV';
  for (const [index, number] of invoiceNumbers.entries()) {
    const more = invoiceNumbers.length - index - 1;
    const candidate = `${text} ${nachaText(number, 30)}`;
    if (candidate.length + (more > 0 ? ` +${more} MORE`.length : 0) > 80)
      return `${text} +${invoiceNumbers.length - index} MORE`;
    text = candidate;
  }
  return text;
}

function transactionCode(entry: PaymentEntry): string {
  if (entry.accountType === 'checking') return entry.prenote ? '23' : '22';
  return entry.prenote ? '33' : '32';
}

export function buildPaymentFile(input: PaymentFileInput): NachaFile {
  const { originator } = input;
  // The receiving banks settle on the effective entry date: a day they are closed moves every entry.
  if (!isBankingDay(input.payDate))
    throw new ValidationError(`The effective entry date ${input.payDate} is not a banking day`);
  for (const routing of [originator.originatingRoutingNumber, ...input.entries.map((entry) => entry.routingNumber)]) {
    if (!isRoutingNumber(routing)) throw new ValidationError(`routing number ${routing} fails its check digit`);
  }
  const odfi = originator.originatingRoutingNumber.slice(0, 8);
  let trace = 0;
  const batches: { header: BatchHeader; entries: Entry[] }[] = [];
  for (const [receiver, sec] of [
    ['business', 'CCD'],
    ['individual', 'PPD'],
  ] as const) {
    const chosen = input.entries.filter((entry) => entry.receiver === receiver);
    if (chosen.length === 0) continue;
    const header: BatchHeader = {
      serviceClassCode: '220',
      companyName: nachaText(originator.companyName, 16),
      companyDiscretionaryData: '',
      companyIdentification: originator.companyIdentification,
      standardEntryClass: sec,
      companyEntryDescription: 'PURCHASE',
      companyDescriptiveDate: '',
      effectiveEntryDate: yymmdd(input.payDate),
      settlementDate: '',
      originatorStatusCode: '1',
      originatingDfi: odfi,
      batchNumber: batches.length + 1,
    };
    const entries = chosen.map((payment): Entry => {
      trace += 1;
      const traceNumber = odfi + String(trace).padStart(7, '0');
      const addenda: Addenda[] = payment.prenote
        ? []
        : [
            {
              addendaTypeCode: '05',
              paymentRelatedInformation: remittanceText(payment.invoiceNumbers),
              addendaSequenceNumber: 1,
              entryDetailSequenceNumber: traceNumber.slice(8),
            },
          ];
      return {
        transactionCode: transactionCode(payment),
        receivingDfi: payment.routingNumber.slice(0, 8),
        checkDigit: payment.routingNumber.slice(8),
        dfiAccountNumber: payment.accountNumber,
        amount: payment.prenote ? 0n : payment.amountMinor,
        identificationNumber: nachaText(payment.reference, 15),
        receiverName: nachaText(payment.name, 22),
        discretionaryData: '',
        addendaIndicator: addenda.length > 0 ? '1' : '0',
        traceNumber,
        addenda,
      };
    });
    batches.push({ header, entries });
  }
  const created = input.createdAt.toISOString();
  return composeNacha(
    {
      priorityCode: '01',
      immediateDestination: originator.immediateDestination,
      immediateOrigin: originator.immediateOrigin,
      fileCreationDate: yymmdd(created),
      fileCreationTime: created.slice(11, 13) + created.slice(14, 16),
      fileIdModifier: input.fileIdModifier,
      recordSize: '094',
      blockingFactor: '10',
      formatCode: '1',
      immediateDestinationName: nachaText(originator.immediateDestinationName, 23),
      immediateOriginName: nachaText(originator.immediateOriginName, 23),
      referenceCode: nachaText(input.referenceCode, 8),
    },
    batches,
  );
}
