import {
  AppError,
  MethodNotAllowedError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
  type FieldProblem,
} from '../errors';

/** An RFC 9457 problem document. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly requestId: string;
  readonly errors?: readonly FieldProblem[];
}

export interface ProblemResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: ProblemDocument;
}

const problemBase = 'https://ledgerline.dev/problems/';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
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
        title: titles[500]!,
        status: 500,
        detail: 'Something went wrong on our side. Quote the request id if you contact support.',
        instance,
        requestId,
      },
    };
  }
  if (error instanceof UnauthenticatedError) headers['www-authenticate'] = 'Bearer';
  if (error instanceof TooManyRequestsError)
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  if (error instanceof MethodNotAllowedError) headers.allow = error.allowed.join(', ');
  const body: ProblemDocument = {
    type: `${problemBase}${error.code}`,
    title: titles[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    instance,
    requestId,
    ...(error instanceof ValidationError && error.problems.length > 0 ? { errors: error.problems } : {}),
  };
  return { status: error.status, headers, body };
}
