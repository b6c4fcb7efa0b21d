import { describe, expect, it } from 'vitest';
import { UnsupportedMediaTypeError } from '../errors';
import { sampleJpeg, samplePdf, samplePng } from '../../../test/harness/sample-files';
import { PdfSectionScanner, sniffContentType, structureProblem } from './content-types';
import { UploadInspector } from './upload-inspection';

function inspect(declared: string, bytes: Buffer, chunkSize = 7): void {
  const inspector = new UploadInspector(declared, ['application/pdf', 'image/png', 'image/jpeg']);
  for (let at = 0; at < bytes.length; at += chunkSize) inspector.accept(bytes.subarray(at, at + chunkSize));
  inspector.finish(bytes.length);
}

describe('content sniffing', () => {
  it('recognises PDF, PNG and JPEG by their first bytes and nothing else', async () => {
    expect(sniffContentType(await samplePdf())).toBe('application/pdf');
    expect(sniffContentType(samplePng())).toBe('image/png');
    expect(sniffContentType(sampleJpeg())).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from('<html><body>hi</body></html>'))).toBeUndefined();
    expect(sniffContentType(Buffer.from('%PDX-1.7 nearly'))).toBeUndefined();
  });

  it('accepts whole files of the declared type, whatever the chunking', async () => {
    const pdf = await samplePdf();
    for (const size of [1, 5, 31, 32, 33, 4096]) expect(() => inspect('application/pdf', pdf, size)).not.toThrow();
    expect(() => inspect('image/png', samplePng())).not.toThrow();
    expect(() => inspect('image/jpeg', sampleJpeg())).not.toThrow();
  });

  it('refuses a PDF header glued onto other bytes, and a trailer pointing nowhere', async () => {
    const junk = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x41)]);
    expect(() => inspect('application/pdf', junk)).toThrow(/no PDF trailer/);
    const forged = Buffer.concat([junk, Buffer.from('\nstartxref\n100\n%%EOF\n')]);
    expect(() => inspect('application/pdf', forged)).toThrow(/does not point at a cross-reference/);
    const truncated = (await samplePdf()).subarray(0, 600);
    expect(() => inspect('application/pdf', truncated)).toThrow(UnsupportedMediaTypeError);
  });

  it('refuses a file whose bytes are another type than declared, in both directions', async () => {
    expect(() => inspect('application/pdf', samplePng())).toThrow(/declared as a PDF but its bytes are a PNG image/);
    const pdf = await samplePdf();
    expect(() => inspect('image/png', pdf)).toThrow(/declared as a PNG image but its bytes are a PDF/);
    expect(() => inspect('image/png', samplePng().subarray(0, 40))).toThrow(/PNG image is incomplete/);
    expect(() => inspect('image/jpeg', sampleJpeg().subarray(0, 12))).toThrow(/JPEG image is incomplete/);
  });

  it('refuses types off the allow-list before reading, and empty files', () => {
    expect(() => new UploadInspector('text/html', ['application/pdf'])).toThrow(UnsupportedMediaTypeError);
    expect(() => new UploadInspector('image/png', ['application/pdf'])).toThrow(UnsupportedMediaTypeError);
    expect(() => new UploadInspector(undefined, ['application/pdf'])).toThrow(UnsupportedMediaTypeError);
    expect(() => inspect('application/pdf', Buffer.alloc(0))).toThrow(/empty/);
  });

  it('finds a cross-reference section split across chunks', () => {
    const scanner = new PdfSectionScanner();
    const bytes = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 1\ntrailer\n');
    for (let at = 0; at < bytes.length; at += 3) scanner.update(bytes.subarray(at, at + 3));
    expect(scanner.isSectionStart(bytes.indexOf('xref'))).toBe(true);
    expect(scanner.isSectionStart(bytes.indexOf('1 0 obj'))).toBe(true);
    expect(scanner.isSectionStart(bytes.indexOf('endobj'))).toBe(false);
    expect(structureProblem('image/png', samplePng(), 10, scanner)).toBeUndefined();
  });
});
