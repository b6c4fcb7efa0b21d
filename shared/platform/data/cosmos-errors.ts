import {
  AppError,
  DependencyUnavailableError,
  DocumentChangedError,
  DocumentExistsError,
  NotFoundError,
  TooManyRequestsError,
} from '../errors';

export function statusOf(error: unknown): number | undefined {
  const code =
    (error as { code?: unknown; statusCode?: unknown })?.code ?? (error as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Cosmos failures as the typed errors the pipeline understands. */
export function translateCosmosError(error: unknown, what: string): Error {
  if (error instanceof AppError) return error;
  switch (statusOf(error)) {
    case 404:
      return new NotFoundError(`${what} was not found`);
    case 409:
      return new DocumentExistsError(`${what} already exists`);
    case 412:
      return new DocumentChangedError(`${what} was changed by someone else; reload and try again`);
    case 429:
      return new TooManyRequestsError('The database is busy; try again shortly', 1);
    case 408:
    case 503:
      return new DependencyUnavailableError('The database is unavailable');
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}
