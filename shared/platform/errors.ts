/**
 * Typed errors thrown by domain and platform code. Only the HTTP pipeline turns them into
 * problem+json (RFC 9457); nothing else catches them to hide a failure.
 */

/** One reason an input was refused, pointing at the field by its path ("lines.0.amount"). */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Stable machine-readable code; becomes the problem document's `type` suffix. */
  abstract readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'validation-failed';
  constructor(
    message: string,
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message);
  }
}

/**
 * What is known about a refused credential, for the security log. `verified` says whether the
 * tenant and member come from a token whose signature we checked (then the organisation's audit
 * log gets the record) or only from an unverifiable claim (then the platform's security log).
 */
export interface CredentialEvidence {
  readonly verified: boolean;
  readonly tenantId?: string;
  readonly memberId?: string;
  readonly sessionId?: string;
}

export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
  constructor(
    message: string,
    readonly evidence?: CredentialEvidence,
  ) {
    super(message);
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
}

/** Also used for "exists but belongs to another tenant": existence must not leak. */
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not-found';
}

export class MethodNotAllowedError extends AppError {
  readonly status = 405;
  readonly code = 'method-not-allowed';
  constructor(
    message: string,
    readonly allowed: readonly string[],
  ) {
    super(message);
  }
}

/** The organisation is in read-only lockdown (an incident): writes wait until it is lifted. */
export class LockedDownError extends AppError {
  readonly status = 423;
  readonly code = 'organization-locked-down';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
}

/**
 * The store refused to create a document because its id was taken meanwhile (a concurrent writer,
 * or an earlier run of the same work). Only the data layer raises it; `retryOnConflict` retries it.
 */
export class DocumentExistsError extends ConflictError {}

/** An ETag precondition failed: someone changed the record since it was read. */
export class PreconditionFailedError extends AppError {
  readonly status = 412;
  readonly code = 'precondition-failed';
}

/** The store refused a write because the document changed since it was read (its ETag moved). */
export class DocumentChangedError extends PreconditionFailedError {}

/**
 * Optimistic concurrency gave up: other writers kept winning the race for the same documents.
 * Nothing was written; the request is safe to send again (503 with Retry-After), and it is not a
 * 412, which only answers a client's own precondition.
 */
export class ContentionError extends AppError {
  readonly status = 503;
  readonly code = 'contention';
  readonly retryAfterSeconds = 1;
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'payload-too-large';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = 'unsupported-media-type';
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = 'too-many-requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A dependency (Cosmos, storage, Key Vault) could not be reached. */
export class DependencyUnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'dependency-unavailable';
}
