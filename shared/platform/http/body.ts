import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';

/**
 * A request body as a stream of chunks that never runs past `limit` bytes: a declared
 * Content-Length over the limit is refused before reading, and a stream that runs past it
 * (chunked, or lying about its length) is cancelled as soon as it does. The consumer sees
 * PayloadTooLargeError (413) instead of the chunk that crossed the limit.
 */
export async function* boundedBody(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  limit: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  const tooLarge = () => new PayloadTooLargeError(`The request body is larger than ${limit} bytes`);
  if (declaredLength !== null && Number(declaredLength) > limit) throw tooLarge();
  if (!body) return;
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > limit) throw tooLarge();
      yield value;
    }
  } finally {
    // Stops the source when the consumer gives up early or the limit was passed.
    await reader.cancel().catch(() => undefined);
  }
}

/** The whole body, read through `boundedBody` (JSON bodies are small and parsed at once). */
export async function readBodyWithin(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  limit: number,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of boundedBody(body, declaredLength, limit)) chunks.push(chunk);
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
