/**
 * What a file really is, from its bytes. The declared Content-Type and the file name are the
 * client's claims; only the bytes decide. Each accepted type is checked at both ends: its
 * signature at the start and its closing structure at the end (a PDF's `startxref`/`%%EOF`
 * trailer pointing at a cross-reference section, a PNG's IEND chunk, a JPEG's end-of-image
 * marker), so a PDF header glued onto other bytes, or a truncated file, is refused.
 */
export const uploadContentTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type UploadContentType = (typeof uploadContentTypes)[number];

/** Bytes needed from the start to recognise any accepted type. */
export const signatureBytes = 16;
/** Bytes kept from the end: a PDF trailer sits within its last 1024 bytes. */
export const trailerBytes = 1024;

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngEnd = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** The type whose signature the first bytes carry, or undefined for anything else. */
export function sniffContentType(head: Buffer): UploadContentType | undefined {
  if (/^%PDF-[12]\.\d/.test(head.subarray(0, 8).toString('latin1'))) return 'application/pdf';
  if (head.subarray(0, 8).equals(pngSignature) && head.subarray(12, 16).toString('latin1') === 'IHDR')
    return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/**
 * Finds where cross-reference sections and objects start (a PDF's `startxref` must point at
 * one) while the bytes stream past, keeping only a short overlap between chunks.
 */
export class PdfSectionScanner {
  private readonly starts = new Set<number>();
  private carry: Buffer = Buffer.alloc(0);
  private seen = 0;
  private static readonly lookahead = 32;
  private static readonly section = /[\r\n](xref|\d{1,10} \d{1,5} obj)/g;

  update(chunk: Uint8Array): void {
    this.scan(Buffer.concat([this.carry, chunk]), false);
    this.seen += chunk.byteLength;
  }

  /** True when `offset` is the start of a cross-reference section or an object. */
  isSectionStart(offset: number): boolean {
    this.scan(this.carry, true);
    return this.starts.has(offset);
  }

  private scan(window: Buffer, final: boolean): void {
    const base = this.seen - this.carry.length;
    const text = window.toString('latin1');
    // A match near the end may be cut off: leave it for the next window unless the stream ended.
    const limit = final ? text.length : text.length - PdfSectionScanner.lookahead;
    for (const match of text.matchAll(PdfSectionScanner.section)) {
      if (match.index < limit) this.starts.add(base + match.index + 1);
    }
    if (!final) this.carry = window.subarray(Math.max(0, window.length - PdfSectionScanner.lookahead));
  }
}

/** Why bytes that began like `type` are not a whole file of that type, or undefined if they are. */
export function structureProblem(
  type: UploadContentType,
  tail: Buffer,
  size: number,
  pdfSections: PdfSectionScanner,
): string | undefined {
  if (type === 'application/pdf') {
    const trailers = [...tail.toString('latin1').matchAll(/startxref\s+(\d{1,12})\s+%%EOF\s*$/g)];
    const offset = Number(trailers.at(-1)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(offset) || offset >= size) return 'it has a PDF header but no PDF trailer';
    if (!pdfSections.isSectionStart(offset)) return 'its PDF trailer does not point at a cross-reference section';
    return undefined;
  }
  if (type === 'image/png') {
    return tail.subarray(tail.length - pngEnd.length).equals(pngEnd) ? undefined : 'the PNG image is incomplete';
  }
  let end = tail.length;
  // Some cameras pad after the end-of-image marker; padding is harmless.
  while (end > 0 && (tail[end - 1] === 0x00 || tail[end - 1] === 0x0a || tail[end - 1] === 0x0d)) end -= 1;
  return tail[end - 2] === 0xff && tail[end - 1] === 0xd9 ? undefined : 'the JPEG image is incomplete';
}
