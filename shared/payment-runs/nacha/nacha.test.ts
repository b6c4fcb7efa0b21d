import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/errors';
import { parseNacha } from './nacha-parser';
import { writeNacha } from './nacha-writer';
import { buildPaymentFile, remittanceText, type PaymentEntry } from './payment-file';
import { routingCheckDigit } from './routing-number';

const fixtures = join(__dirname, '../../../test/fixtures/nacha');
const read = (name: string): string => readFileSync(join(fixtures, name), 'latin1');

describe('NACHA files from moov-io/ach', () => {
  it.each(['ccd-debit.ach', 'ctx-debit.ach', 'ppd-credit.ach'])('parses %s and writes the same bytes back', (name) => {
    const text = read(name);
    const file = parseNacha(text);
    expect(writeNacha(file)).toBe(text);
  });

  it('agrees with the CCD file control records', () => {
    const file = parseNacha(read('ccd-debit.ach'));
    expect(file.batches).toHaveLength(1);
    const [batch] = file.batches;
    expect(batch?.header.standardEntryClass).toBe('CCD');
    expect(batch?.control).toMatchObject({ serviceClassCode: '225', entryAddendaCount: 2, entryHash: '0046276020' });
    expect(batch?.control.totalDebit).toBe(500125n);
    expect(file.control).toMatchObject({ batchCount: 1, blockCount: 1, entryAddendaCount: 2, entryHash: '0046276020' });
    expect(batch?.entries.map((entry) => entry.amount)).toEqual([500000n, 125n]);
  });

  it('reads the CTX entry with its two 05 addenda and the PPD credit', () => {
    const ctx = parseNacha(read('ctx-debit.ach'));
    const entry = ctx.batches[0]?.entries[0];
    expect(entry?.addenda.map((addenda) => addenda.paymentRelatedInformation)).toEqual([
      'Debit First Account',
      'Debit Second Account',
    ]);
    expect(ctx.control.entryAddendaCount).toBe(3);
    const ppd = parseNacha(read('ppd-credit.ach'));
    expect(ppd.batches[0]?.control.totalCredit).toBe(100000000n);
    expect(ppd.control.totalCredit).toBe(100000000n);
  });
});

describe('the parser refuses a file that does not agree with itself', () => {
  const ccd = read('ccd-debit.ach');
  const lines = ccd.split('\n');
  const withLine = (index: number, line: string): string =>
    lines.map((each, at) => (at === index ? line : each)).join('\n');

  it('refuses an amount changed without its control totals', () => {
    const entry = lines[2] ?? '';
    expect(() => parseNacha(withLine(2, entry.slice(0, 29) + '0000600000' + entry.slice(39)))).toThrow(/totalDebit/);
  });

  it('refuses a routing number whose check digit is wrong', () => {
    const entry = lines[2] ?? '';
    expect(() => parseNacha(withLine(2, entry.slice(0, 11) + '5' + entry.slice(12)))).toThrow(/check digit/);
  });

  it('refuses an entry hash that does not sum the routing numbers', () => {
    const control = lines[4] ?? '';
    expect(() => parseNacha(withLine(4, control.slice(0, 10) + '0046276021' + control.slice(20)))).toThrow(/entryHash/);
  });

  it('refuses a record that is not 94 characters', () => {
    expect(() => parseNacha(withLine(3, (lines[3] ?? '') + ' '))).toThrow(/95 characters/);
  });

  it('refuses a file whose blocks are not padded with 9 records', () => {
    expect(() => parseNacha(lines.slice(0, 9).join('\n'))).toThrow(/multiple of 10/);
    expect(() => parseNacha(withLine(8, '9'.repeat(93) + '8'))).toThrow(/9-filled/);
  });

  it('refuses a block count that disagrees with the records', () => {
    const control = lines[5] ?? '';
    expect(() => parseNacha(withLine(5, control.slice(0, 7) + '000002' + control.slice(13)))).toThrow(ValidationError);
  });
});

const originator = {
  immediateDestination: '231380104',
  immediateDestinationName: 'Federal Reserve Bank',
  immediateOrigin: '121042882',
  immediateOriginName: 'Ledgerline Demo Bank',
  companyName: 'Acme Holdings Ltd',
  companyIdentification: '1234567890',
  originatingRoutingNumber: '121042882',
};

function entry(overrides: Partial<PaymentEntry>): PaymentEntry {
  return {
    receiver: 'business',
    routingNumber: '231380104',
    accountNumber: '744-5678-99',
    accountType: 'checking',
    name: 'Vendor',
    reference: 'V-1',
    amountMinor: 12_345n,
    invoiceNumbers: ['INV-1'],
    prenote: false,
    ...overrides,
  };
}

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('the payment files we write', () => {
  it('writes CCD with one 05 addenda, PPD for individuals, PURCHASE, and zero-dollar prenotes', () => {
    const file = buildPaymentFile({
      originator,
      createdAt: new Date('2026-11-25T06:30:00Z'),
      payDate: '2026-11-27',
      fileIdModifier: 'A',
      referenceCode: 'run-1',
      entries: [
        entry({ name: 'Société Générale Supplies', invoiceNumbers: ['B-100', 'B-101'] }),
        entry({ receiver: 'individual', name: 'Jo Smith', accountType: 'savings', reference: 'V-2' }),
        entry({ reference: 'V-3', prenote: true }),
        entry({ receiver: 'individual', reference: 'V-4', accountType: 'savings', prenote: true }),
      ],
    });
    const text = writeNacha(file);
    const parsed = parseNacha(text);
    expect(writeNacha(parsed)).toBe(text);
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .every((line) => line.length === 94),
    ).toBe(true);
    const [ccd, ppd] = parsed.batches;
    expect(ccd?.header).toMatchObject({
      standardEntryClass: 'CCD',
      companyEntryDescription: 'PURCHASE',
      effectiveEntryDate: '261127',
    });
    expect(ppd?.header.standardEntryClass).toBe('PPD');
    expect(ccd?.entries[0]?.receiverName).toBe('SOCIETE GENERALE SUPPL');
    expect(ccd?.entries[0]?.addenda[0]).toMatchObject({
      addendaTypeCode: '05',
      paymentRelatedInformation: 'INV B-100 B-101',
    });
    expect(ccd?.entries[1]).toMatchObject({ transactionCode: '23', amount: 0n, addenda: [] });
    expect(ppd?.entries.map((each) => each.transactionCode)).toEqual(['32', '33']);
    expect(parsed.control.totalCredit).toBe(24_690n);
  });

  it('every generated file passes our parser: records, counts, totals, hash, check digits, blocking', () => {
    const next = random(7);
    for (let round = 0; round < 200; round += 1) {
      const count = 1 + Math.floor(next() * 40);
      const entries = Array.from({ length: count }, (_, index) => {
        const first = String(Math.floor(next() * 100_000_000)).padStart(8, '0');
        return entry({
          receiver: next() < 0.7 ? 'business' : 'individual',
          routingNumber: first + routingCheckDigit(first),
          accountType: next() < 0.5 ? 'checking' : 'savings',
          reference: `V-${index}`,
          amountMinor: BigInt(Math.floor(next() * 99_999_999)),
          invoiceNumbers: Array.from(
            { length: 1 + Math.floor(next() * 12) },
            (_, at) => `BILL-${round}-${index}-${at}`,
          ),
          prenote: next() < 0.1,
        });
      });
      const text = writeNacha(
        buildPaymentFile({
          originator,
          createdAt: new Date(),
          payDate: '2026-12-01',
          fileIdModifier: 'B',
          referenceCode: 'r',
          entries,
        }),
      );
      const parsed = parseNacha(text);
      expect(text.split('\n').length - 1).toBe(parsed.control.blockCount * 10);
      const paid = entries.reduce((sum, each) => sum + (each.prenote ? 0n : each.amountMinor), 0n);
      expect(parsed.control.totalCredit).toBe(paid);
      expect(parsed.control.totalDebit).toBe(0n);
    }
  });

  it('fits the invoice numbers into one addenda and says how many more the email lists', () => {
    const many = Array.from({ length: 30 }, (_, index) => `INVOICE-${index}`);
    const text = remittanceText(many);
    expect(text.length).toBeLessThanOrEqual(80);
    expect(text).toMatch(/^INV INVOICE-0 INVOICE-1 .* \+\d+ MORE$/);
  });

  it('refuses a vendor routing number that fails its check digit', () => {
    expect(() =>
      buildPaymentFile({
        originator,
        createdAt: new Date(),
        payDate: '2026-12-01',
        fileIdModifier: 'A',
        referenceCode: 'r',
        entries: [entry({ routingNumber: '231380105' })],
      }),
    ).toThrow(/check digit/);
  });

  it('refuses an effective entry date that is not a banking day (a weekend or a Fed holiday)', () => {
    for (const payDate of ['2026-11-26', '2026-11-28', '2027-07-05'])
      expect(() =>
        buildPaymentFile({
          originator,
          createdAt: new Date(),
          payDate,
          fileIdModifier: 'A',
          referenceCode: 'r',
          entries: [entry({})],
        }),
      ).toThrow(/not a banking day/);
  });
});
