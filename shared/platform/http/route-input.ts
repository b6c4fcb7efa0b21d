import type { HttpRequest } from '@azure/functions';
import { ValidationError } from '../errors';
import type { Services } from '../services';
import { boundedBody, parseJson, readBodyWithin, requireJsonContentType } from './body';
import { readQuery } from './query';
import { isRawBody, type BodySpec, type RawBody, type Schema } from './route-definition';
import { validate } from './validation';

const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{8,128}$/;

function readIdempotencyKey(request: HttpRequest): string | undefined {
  const key = request.headers.get('idempotency-key');
  if (key === null) return undefined;
  if (!idempotencyKeyPattern.test(key)) {
    throw new ValidationError('The Idempotency-Key header is malformed', [
      { field: 'Idempotency-Key', reason: '8 to 128 characters of letters, digits, ".", "_", ":" or "-"' },
    ]);
  }
  return key;
}

/** What a route declared it takes, validated: nothing unvalidated reaches a handler. */
export interface ValidatedInput {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
  readonly idempotencyKey: string | undefined;
}

export async function readInput(
  definition: {
    readonly body?: BodySpec;
    readonly query?: Schema;
    readonly params?: Schema;
    readonly maxBodyBytes?: number;
  },
  request: HttpRequest,
  services: Services,
): Promise<ValidatedInput> {
  const params = definition.params ? validate(definition.params, request.params, 'params') : undefined;
  const query = readQuery(definition.query, request.query);
  let body: unknown;
  const limit = definition.maxBodyBytes ?? services.settings.HTTP_MAX_BODY_BYTES;
  const spec = definition.body;
  if (isRawBody(spec)) {
    const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    body = {
      contentType: mediaType || undefined,
      chunks: boundedBody(request.body, request.headers.get('content-length'), limit),
    } satisfies RawBody;
  } else if (spec) {
    requireJsonContentType(request.headers.get('content-type'));
    const bytes = await readBodyWithin(request.body, request.headers.get('content-length'), limit);
    body = validate(spec, parseJson(bytes), 'body');
  }
  return { params, query, body, idempotencyKey: readIdempotencyKey(request) };
}
