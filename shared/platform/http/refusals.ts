import type { Principal } from '../auth/principal';
import { ForbiddenError, LockedDownError, UnauthenticatedError } from '../errors';
import type { Services } from '../services';
import type { RouteAccess } from './access';

export interface RefusedRequest {
  readonly route: string;
  readonly method: string;
  readonly access: RouteAccess;
  readonly ip: string;
  readonly userAgent?: string;
  /** Set once the caller's token verified: the refusal is theirs to answer for. */
  readonly principal?: Principal;
}

function requiredLevel(access: RouteAccess): string | null {
  return 'resource' in access ? `${access.resource}:${access.level}` : null;
}

/**
 * Records a refused request for security review: a refused credential (401) in the security
 * log, a signed-in caller's refusal (403, or 423 in a lockdown) in their organisation's audit log, whether the level
 * was too low or a domain rule said no. A failure to record is logged, never turned into a
 * different answer to the client.
 */
export async function recordRefusal(services: Services, error: unknown, request: RefusedRequest): Promise<void> {
  const facts = {
    ip: request.ip,
    route: request.route,
    ...(request.userAgent ? { userAgent: request.userAgent } : {}),
  };
  try {
    if (error instanceof UnauthenticatedError && error.evidence) {
      await services.securityLog.credentialRefused(error, facts);
    } else if ((error instanceof ForbiddenError || error instanceof LockedDownError) && request.principal) {
      const { principal } = request;
      if (error instanceof ForbiddenError && principal.kind === 'operator' && request.method !== 'GET') {
        await services.securityLog.impersonationWriteRefused(principal, { ...facts, method: request.method });
      } else {
        const required = requiredLevel(request.access);
        await services.securityLog.accessRefused(principal, {
          ...facts,
          method: request.method,
          required,
          reason: error.message,
        });
      }
    }
  } catch (failure) {
    services.logger.error('security log failed', { route: request.route, error: failure });
  }
}
