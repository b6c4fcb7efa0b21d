import PDFDocument from 'pdfkit';

/** Who the document is from and what it is: printed at the top of the first page. */
export interface PdfHeader {
  readonly organizationName: string;
  /** The organisation's logo (PNG or JPEG bytes), printed top right when it has one. */
  readonly logo?: Buffer;
  readonly title: string;
  readonly subtitle?: string;
}

export interface PdfColumn {
  readonly header: string;
  /** Share of the text width, relative to the other columns. */
  readonly width: number;
  /** Amounts are right-aligned so their decimal points line up. */
  readonly align?: 'left' | 'right';
}

const margin = 50;
const fontSize = 9;
const rowGap = 4;

/**
 * A small layout library over pdfkit for the documents the platform produces (invoices,
 * statements, remittance advice, period reports): a header with the organisation's name and
 * logo, labelled fields, tables that continue across pages with their header row repeated,
 * right-aligned amounts, totals, and a footer with page numbers on every page. Text is real
 * text (standard fonts), so it can be searched, copied and checked by tests.
 */
export class PdfLayout {
  private readonly doc: PDFKit.PDFDocument;
  private readonly done: Promise<Buffer>;

  constructor(
    private readonly header: PdfHeader,
    generatedAt: Date,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin,
      bufferPages: true,
      info: { Title: header.title, Author: header.organizationName, CreationDate: generatedAt },
    });
    const chunks: Buffer[] = [];
    this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.printHeader();
  }

  private get width(): number {
    return this.doc.page.width - 2 * margin;
  }

  private printHeader(): void {
    const { doc, header } = this;
    const top = doc.y;
    if (header.logo) doc.image(header.logo, margin + this.width - 120, top, { fit: [120, 48], align: 'right' });
    doc
      .font('Helvetica-Bold')
      .fontSize(14)
      .text(header.organizationName, margin, top, { width: this.width - 130 });
    doc
      .moveDown(0.4)
      .font('Helvetica-Bold')
      .fontSize(18)
      .text(header.title, { width: this.width - 130 });
    if (header.subtitle) doc.font('Helvetica').fontSize(10).fillColor('#444').text(header.subtitle).fillColor('black');
    doc.y = Math.max(doc.y, top + 56);
    this.rule();
  }

  private rule(): void {
    const y = this.doc.y + 4;
    this.doc
      .moveTo(margin, y)
      .lineTo(margin + this.width, y)
      .lineWidth(0.5)
      .strokeColor('#999')
      .stroke();
    this.doc.y = y + 8;
  }

  heading(text: string): this {
    this.ensureSpace(40);
    this.doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).text(text, margin, this.doc.y);
    this.doc.moveDown(0.3);
    return this;
  }

  /** Label and value pairs (bill to, invoice date, due date). */
  fields(pairs: ReadonlyArray<readonly [string, string]>): this {
    for (const [label, value] of pairs) {
      this.ensureSpace(16);
      const y = this.doc.y;
      this.doc.font('Helvetica-Bold').fontSize(fontSize).text(label, margin, y, { width: 120 });
      this.doc.font('Helvetica').text(value, margin + 130, y, { width: this.width - 130 });
      this.doc.y = Math.max(this.doc.y, y + fontSize + rowGap);
    }
    return this;
  }

  note(text: string): this {
    this.ensureSpace(30);
    this.doc.moveDown(0.5).font('Helvetica').fontSize(fontSize).text(text, margin, this.doc.y, { width: this.width });
    return this;
  }

  /** A table; long tables continue on the next page with the header row again. */
  table(columns: readonly PdfColumn[], rows: ReadonlyArray<readonly string[]>): this {
    const total = columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => (column.width / total) * this.width);
    const printRow = (cells: readonly string[], bold: boolean) => {
      const heights = cells.map((cell, i) =>
        this.doc
          .font(bold ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(fontSize)
          .heightOfString(cell, { width: widths[i]! - 6 }),
      );
      const height = Math.max(fontSize, ...heights) + rowGap;
      if (this.ensureSpace(height + 4) && !bold)
        printRow(
          columns.map((c) => c.header),
          true,
        );
      const y = this.doc.y;
      let x = margin;
      cells.forEach((cell, i) => {
        this.doc.text(cell, x + 3, y, { width: widths[i]! - 6, align: columns[i]?.align ?? 'left' });
        x += widths[i]!;
      });
      this.doc.y = y + height;
      if (bold) this.rule();
    };
    printRow(
      columns.map((column) => column.header),
      true,
    );
    for (const row of rows) printRow(row, false);
    return this;
  }

  /** Totals under a table: labels and right-aligned amounts, the last one bold. */
  totals(rows: ReadonlyArray<readonly [string, string]>): this {
    this.rule();
    rows.forEach(([label, amount], index) => {
      this.ensureSpace(16);
      const y = this.doc.y;
      this.doc.font(index === rows.length - 1 ? 'Helvetica-Bold' : 'Helvetica').fontSize(fontSize + 1);
      this.doc.text(label, margin + this.width / 2, y, { width: this.width / 4 });
      this.doc.text(amount, margin + (this.width * 3) / 4, y, { width: this.width / 4 - 3, align: 'right' });
      this.doc.y = y + fontSize + 1 + rowGap;
    });
    return this;
  }

  /** Adds the footers and returns the whole PDF. */
  async finish(): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange();
    for (let index = start; index < start + count; index += 1) {
      this.doc.switchToPage(index);
      // The footer sits in the bottom margin, where pdfkit would otherwise start a new page.
      this.doc.page.margins.bottom = 0;
      const y = this.doc.page.height - margin + 10;
      this.doc.font('Helvetica').fontSize(8).fillColor('#666');
      this.doc.text(`${this.header.organizationName} · ${this.header.title}`, margin, y, {
        width: this.width / 2,
        lineBreak: false,
      });
      this.doc.text(`Page ${index + 1} of ${count}`, margin + this.width / 2, y, {
        width: this.width / 2,
        align: 'right',
        lineBreak: false,
      });
      this.doc.fillColor('black');
    }
    this.doc.end();
    return this.done;
  }

  /** Starts a new page when fewer than `height` points are left; true when it did. */
  private ensureSpace(height: number): boolean {
    if (this.doc.y + height <= this.doc.page.height - margin - 20) return false;
    this.doc.addPage();
    this.doc.y = margin;
    return true;
  }
}
