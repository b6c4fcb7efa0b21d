import type { Principal } from '../auth/principal';
import { NotFoundError } from '../errors';
import type { Logger } from '../telemetry/logger';

/** What a signed-in request did, for whatever watches behaviour (the security signals). */
export interface RequestOutcome {
  readonly route: string;
  readonly method: string;
  /** The route is declared `sensitive` (banking, permissions, security settings). */
  readonly sensitive: boolean;
  readonly principal: Pick<Principal, 'tenantId' | 'memberId' | 'kind' | 'signedIn'>;
  readonly ip: string;
  readonly userAgent?: string;
  /** The handler answered 2xx. */
  readonly succeeded: boolean;
  /** The answer was a file to keep (`content-disposition: attachment`): an export. */
  readonly answeredWithFile: boolean;
  /** "No such record" for ids that passed the route's id schema: a guess, or another organisation's id. */
  readonly notFoundOnWellFormedId: boolean;
}

export interface RequestObserver {
  observe(outcome: RequestOutcome): Promise<void>;
}

/** What the pipeline knows once a signed-in request ended. */
export interface FinishedRequest {
  readonly route: { readonly name: string; readonly method: string; readonly sensitive?: boolean };
  readonly principal: Principal;
  readonly ip: string;
  readonly userAgent?: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The route's path parameters passed their schema before the error. */
  readonly paramsValidated: boolean;
  readonly error?: unknown;
}

/**
 * Tells the observer how a request ended. Watching must never change an answer: a failure here
 * is logged, and the client gets what the handler decided.
 */
export async function reportOutcome(
  observer: RequestObserver,
  logger: Logger,
  request: FinishedRequest,
): Promise<void> {
  const { route, principal } = request;
  try {
    await observer.observe({
      route: route.name,
      method: route.method,
      sensitive: route.sensitive === true,
      principal: {
        tenantId: principal.tenantId,
        memberId: principal.memberId,
        kind: principal.kind,
        ...(principal.signedIn ? { signedIn: principal.signedIn } : {}),
      },
      ip: request.ip,
      ...(request.userAgent ? { userAgent: request.userAgent } : {}),
      succeeded: request.status >= 200 && request.status < 300,
      answeredWithFile: /^\s*attachment\b/i.test(request.headers['content-disposition'] ?? ''),
      notFoundOnWellFormedId: request.paramsValidated && request.error instanceof NotFoundError,
    });
  } catch (error) {
    logger.error('request observer failed', { route: route.name, error });
  }
}
