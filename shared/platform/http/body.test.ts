import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { parseJson, readBodyWithin, requireJsonContentType } from './body';

function streamOf(chunks: number[], chunkSize: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= chunks.length) return controller.close();
        pulled += 1;
        controller.enqueue(new Uint8Array(chunkSize).fill(chunks[pulled - 1]!));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

describe('readBodyWithin', () => {
  it('refuses a declared length over the limit without reading', async () => {
    const { stream, pulled } = streamOf([1, 2, 3], 10);
    await expect(readBodyWithin(stream, '1000', 100)).rejects.toThrow(PayloadTooLargeError);
    expect(pulled()).toBe(0);
  });

  it('stops reading a stream without Content-Length as soon as it passes the limit', async () => {
    const { stream, pulled } = streamOf(
      Array.from({ length: 1000 }, () => 7),
      64,
    );
    await expect(readBodyWithin(stream, null, 256)).rejects.toThrow(PayloadTooLargeError);
    expect(pulled()).toBeLessThan(10);
  });

  it('returns the bytes of a body within the limit', async () => {
    const { stream } = streamOf([1, 2], 4);
    expect([...(await readBodyWithin(stream, null, 8))]).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
  });
});

describe('requireJsonContentType', () => {
  it('accepts application/json with a charset', () => {
    expect(() => requireJsonContentType('application/json; charset=utf-8')).not.toThrow();
  });

  it('refuses other media types and a missing header', () => {
    expect(() => requireJsonContentType('text/plain')).toThrow(UnsupportedMediaTypeError);
    expect(() => requireJsonContentType('application/jsonx')).toThrow(UnsupportedMediaTypeError);
    expect(() => requireJsonContentType(null)).toThrow(UnsupportedMediaTypeError);
  });
});

describe('parseJson', () => {
  it('refuses malformed JSON and invalid UTF-8', () => {
    expect(() => parseJson(Buffer.from('{"a":'))).toThrow(ValidationError);
    expect(() => parseJson(Buffer.from([0x7b, 0xff, 0x7d]))).toThrow(ValidationError);
    expect(() => parseJson(Buffer.alloc(0))).toThrow(ValidationError);
  });
});
