import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';

/**
 * Reads a request body without ever holding more than `limit` bytes: a declared
 * Content-Length over the limit is refused before reading, and a stream that runs past it
 * (chunked, or lying about its length) is cancelled as soon as it does.
 */
export async function readBodyWithin(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  limit: number,
): Promise<Buffer> {
  const tooLarge = () => new PayloadTooLargeError(`The request body is larger than ${limit} bytes`);
  if (declaredLength !== null && Number(declaredLength) > limit) throw tooLarge();
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function requireJsonContentType(contentType: string | null): void {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new UnsupportedMediaTypeError('The request body must be sent as application/json');
  }
}

export function parseJson(bytes: Buffer): unknown {
  if (bytes.length === 0)
    throw new ValidationError('The request body is empty', [{ field: '', reason: 'a JSON body is required' }]);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw new ValidationError('The request body is not valid JSON', [{ field: '', reason: 'malformed JSON' }]);
  }
}
