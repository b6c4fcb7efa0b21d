import { z } from 'zod';
import {
  AppError,
  ContentionError,
  MethodNotAllowedError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
} from '../errors';

/** An RFC 9457 problem document; every error answer of every route is one. */
export const problemDocument = z
  .object({
    type: z
      .string()
      .meta({ description: 'A URI naming the kind of problem', example: 'https://ledgerline.dev/problems/not-found' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().meta({ description: 'The request path' }),
    requestId: z.string().meta({ description: 'Quote it to support; also in the x-request-id header' }),
    errors: z
      .array(z.object({ field: z.string(), reason: z.string() }))
      .optional()
      .meta({ description: 'Each invalid field (by path, e.g. lines.0.amount) and why' }),
  })
  .meta({ id: 'Problem' });
export type ProblemDocument = z.infer<typeof problemDocument>;

export interface ProblemResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: ProblemDocument;
}

const problemBase = 'https://ledgerline.dev/problems/';

export const statusTitles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Maps an error to a problem. Only our typed errors say what went wrong; anything else is an
 * internal failure whose message and stack stay in the logs, never in the response.
 */
export function toProblem(error: unknown, instance: string, requestId: string): ProblemResponse {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (!(error instanceof AppError)) {
    return {
      status: 500,
      headers,
      body: {
        type: `${problemBase}internal-error`,
        title: statusTitles[500]!,
        status: 500,
        detail: 'Something went wrong on our side. Quote the request id if you contact support.',
        instance,
        requestId,
      },
    };
  }
  if (error instanceof UnauthenticatedError) headers['www-authenticate'] = 'Bearer';
  if (error instanceof TooManyRequestsError || error instanceof ContentionError)
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  if (error instanceof MethodNotAllowedError) headers.allow = error.allowed.join(', ');
  const body: ProblemDocument = {
    type: `${problemBase}${error.code}`,
    title: statusTitles[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    instance,
    requestId,
    ...(error instanceof ValidationError && error.problems.length > 0 ? { errors: [...error.problems] } : {}),
  };
  return { status: error.status, headers, body };
}
