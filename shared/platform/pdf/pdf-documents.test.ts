import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { samplePng } from '../../../test/harness/sample-files';
import { renderCustomerStatementPdf } from './customer-statement';
import { renderFinancialReportPdf } from './financial-report';
import { renderInvoicePdf } from './invoice';
import { renderRemittanceAdvicePdf } from './remittance-advice';

const organization = { name: 'Northwind Holdings', logo: samplePng(16) };
const at = new Date('2026-02-03T10:00:00Z');

async function pages(pdf: Buffer): Promise<string[]> {
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  return text;
}

/** Each text item on the first page with its right edge, to check alignment. */
async function items(pdf: Buffer): Promise<Array<{ text: string; right: number }>> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const content = await (await document.getPage(1)).getTextContent();
  return content.items.flatMap((item) =>
    'str' in item && item.str.trim() ? [{ text: item.str, right: item.transform[4] + item.width }] : [],
  );
}

describe('PDF documents', () => {
  const invoice = {
    number: 'INV-0042',
    issueDate: '2026-01-31',
    dueDate: '2026-03-02',
    currency: 'USD',
    customer: { name: 'Contoso Retail', address: ['1 Main Street', 'Springfield'] },
    lines: [
      { description: 'Consulting, January', quantity: '12', unitPrice: '150.00', amount: '1800.00' },
      { description: 'Travel', quantity: '2', unitPrice: '21.25', amount: '42.50' },
    ],
    subtotal: '1842.50',
    tax: '147.40',
    total: '1989.90',
    note: 'Pay by bank transfer within 30 days.',
  };

  it('prints an invoice with its number, customer, lines and totals, amounts right-aligned', async () => {
    const pdf = await renderInvoicePdf(organization, invoice, at);
    const [text] = await pages(pdf);
    for (const expected of [
      'Northwind Holdings',
      'Invoice INV-0042',
      'Contoso Retail',
      '1 Main Street',
      'Consulting, January',
      '1800.00',
      '42.50',
      'Subtotal',
      '1842.50',
      'Total USD',
      '1989.90',
      'Page 1 of 1',
    ])
      expect(text).toContain(expected);
    const rights = (await items(pdf))
      .filter((i) => ['Amount', '1800.00', '42.50'].includes(i.text))
      .map((i) => i.right);
    expect(rights).toHaveLength(3);
    expect(Math.max(...rights) - Math.min(...rights)).toBeLessThan(0.5);
    // The logo is embedded as an image.
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
  });

  it('continues a long table on further pages with its header again, numbering every page', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => ({
      description: `Item ${i + 1}`,
      quantity: '1',
      unitPrice: '1.00',
      amount: '1.00',
    }));
    const text = await pages(await renderInvoicePdf(organization, { ...invoice, lines }, at));
    expect(text.length).toBeGreaterThan(1);
    expect(text.at(-1)).toContain(`Page ${text.length} of ${text.length}`);
    expect(text[1]).toContain('Description');
    expect(text.join('\n')).toContain('Item 120');
  });

  it('prints a customer statement with its opening, activity, closing balance and aging', async () => {
    const [text] = await pages(
      await renderCustomerStatementPdf(
        organization,
        {
          customer: { name: 'Contoso Retail' },
          from: '2026-01-01',
          to: '2026-01-31',
          currency: 'USD',
          openingBalance: '500.00',
          activity: [
            {
              date: '2026-01-05',
              kind: 'Receipt',
              reference: 'RCPT-9',
              charges: '',
              credits: '500.00',
              balance: '0.00',
            },
            {
              date: '2026-01-31',
              kind: 'Invoice',
              reference: 'INV-0042',
              charges: '1989.90',
              credits: '',
              balance: '1989.90',
            },
          ],
          closingBalance: '1989.90',
          aging: [
            ['Current', '1989.90'],
            ['1-30', '0.00'],
            ['31-60', '0.00'],
            ['61-90', '0.00'],
            ['Over 90', '0.00'],
          ],
        },
        at,
      ),
    );
    for (const expected of [
      'Statement',
      '2026-01-01 to 2026-01-31',
      'RCPT-9',
      'INV-0042',
      'Closing balance USD',
      'Over 90',
    ])
      expect(text).toContain(expected);
  });

  it('prints a remittance advice with the bills paid and the account by its last digits', async () => {
    const [text] = await pages(
      await renderRemittanceAdvicePdf(
        organization,
        {
          vendor: { name: 'Acme Supplies' },
          paymentDate: '2026-02-01',
          paymentReference: 'RUN-7-0003',
          method: 'ACH',
          maskedAccount: '••••6789',
          currency: 'USD',
          bills: [
            { billNumber: 'B-100', billDate: '2026-01-10', billAmount: '300.00', discount: '6.00', paid: '294.00' },
          ],
          total: '294.00',
        },
        at,
      ),
    );
    for (const expected of [
      'Remittance advice',
      'Acme Supplies',
      'RUN-7-0003',
      '6789',
      'B-100',
      '294.00',
      'Total paid USD',
    ])
      expect(text).toContain(expected);
  });

  it('prints a financial report in sections with totals', async () => {
    const [text] = await pages(
      await renderFinancialReportPdf(
        { name: 'Northwind Holdings' },
        {
          title: 'Trial balance',
          subtitle: 'As of 2026-01-31 · USD',
          columns: [
            { header: 'Code', width: 1 },
            { header: 'Account', width: 4 },
            { header: 'Debit', width: 2, align: 'right' },
            { header: 'Credit', width: 2, align: 'right' },
          ],
          sections: [
            {
              rows: [
                ['1000', 'Cash', '100.00', ''],
                ['4000', 'Sales', '', '100.00'],
              ],
              totals: [['Totals', '100.00 / 100.00']],
            },
          ],
        },
        at,
      ),
    );
    for (const expected of ['Trial balance', 'As of 2026-01-31', 'Cash', 'Sales', '100.00 / 100.00'])
      expect(text).toContain(expected);
  });
});
