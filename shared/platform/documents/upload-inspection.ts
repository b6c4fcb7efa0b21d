import { UnsupportedMediaTypeError } from '../errors';
import {
  PdfSectionScanner,
  signatureBytes,
  sniffContentType,
  structureProblem,
  trailerBytes,
  uploadContentTypes,
  type UploadContentType,
} from './content-types';

const names: Record<UploadContentType, string> = {
  'application/pdf': 'a PDF',
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
};

/**
 * Checks an upload while it streams: the declared type must be allowed for the kind, the first
 * bytes must carry that type's signature (not another allowed type's), and the last bytes its
 * closing structure. Chunks are held back only until the signature is known, so a refused
 * upload is refused before any of it is stored.
 */
export class UploadInspector {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer = Buffer.alloc(0);
  private detected: UploadContentType | undefined;
  private readonly pdfSections = new PdfSectionScanner();
  readonly contentType: UploadContentType;

  constructor(declared: string | undefined, allowed: readonly UploadContentType[]) {
    const known = uploadContentTypes.find((type) => type === declared);
    if (!known || !allowed.includes(known)) {
      throw new UnsupportedMediaTypeError(
        `Send ${allowed.join(', ')} here (Content-Type); ${declared ?? 'no type'} is not accepted`,
      );
    }
    this.contentType = known;
  }

  /** The bytes that may be written now (none while the signature is still unknown). */
  accept(chunk: Uint8Array): Buffer[] {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.tail = Buffer.concat([this.tail, bytes]).subarray(-trailerBytes);
    if (this.contentType === 'application/pdf') this.pdfSections.update(bytes);
    if (this.detected) return [bytes];
    this.head.push(bytes);
    this.headBytes += bytes.length;
    if (this.headBytes < signatureBytes) return [];
    this.checkSignature();
    const released = this.head;
    this.head = [];
    return released;
  }

  /** Throws unless the whole upload was a complete file of the declared type. */
  finish(size: number): void {
    if (!this.detected) {
      if (this.headBytes === 0) throw new UnsupportedMediaTypeError('The file is empty');
      this.checkSignature();
    }
    const problem = structureProblem(this.contentType, this.tail, size, this.pdfSections);
    if (problem) throw new UnsupportedMediaTypeError(`The file is not ${names[this.contentType]}: ${problem}`);
  }

  private checkSignature(): void {
    const actual = sniffContentType(Buffer.concat(this.head));
    if (actual !== this.contentType) {
      throw new UnsupportedMediaTypeError(
        `The file was declared as ${names[this.contentType]} but its bytes are ${actual ? names[actual] : 'not a PDF, PNG or JPEG'}`,
      );
    }
    this.detected = actual;
  }
}
