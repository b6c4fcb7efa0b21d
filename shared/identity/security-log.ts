import { storedUserAgent } from '../platform/actor';
import type { IdentityDependencies } from './identity-dependencies';
import { alertedEvents } from '../platform/telemetry/alerted-events';
import type { Logger } from '../platform/telemetry/logger';
import type { Telemetry } from '../platform/telemetry/telemetry';
import type { Principal } from '../platform/auth/principal';
import type { TenantContext } from '../platform/actor';
import type { AccessRefusalFacts, RefusalFacts, SecurityLog } from '../platform/auth/identity-ports';

export type { AccessRefusalFacts, RefusalFacts, SecurityLog };

/** Security events are kept 90 days for review, then expire (the platform container has TTL on). */
export const securityEventTtlSeconds = 90 * 24 * 60 * 60;

export interface SecurityEvent {
  readonly event: string;
  readonly reason: string;
  readonly ip: string;
  readonly userAgent?: string;
  readonly route?: string;
  /** The organisation an unverifiable credential claimed; never trusted, kept for correlation. */
  readonly claimedTenantId?: string;
  readonly sessionId?: string;
}

/** Writes one event into the platform's security log (never an organisation's audit log). */
export async function recordSecurityEvent(
  deps: Pick<IdentityDependencies, 'platform' | 'clock' | 'ids'>,
  event: SecurityEvent,
): Promise<void> {
  await deps.platform.recordSecurityEvent(
    `security-event-${deps.ids.newId()}`,
    {
      event: event.event,
      reason: event.reason,
      claimedTenantId: event.claimedTenantId ?? null,
      ...(event.sessionId ? { sessionId: event.sessionId } : {}),
      ip: event.ip,
      userAgent: storedUserAgent(event.userAgent),
      ...(event.route ? { route: event.route } : {}),
      at: deps.clock.now().toISOString(),
    },
    securityEventTtlSeconds,
  );
}

/**
 * Where a refused credential is recorded. A refusal we can attribute (a token whose signature
 * verified: expired, revoked, idle, member removed) goes into that organisation's hash-chained
 * audit log. One we cannot (bad signature, unknown key, garbage) goes into the platform's
 * security log instead: writing it into the organisation it merely claims would let anyone
 * fill any organisation's audit log.
 */
export function createSecurityLog(
  deps: IdentityDependencies & { readonly logger: Logger; readonly telemetry: Telemetry },
): SecurityLog {
  /** A signed-in caller's refused request, in their organisation's audit log. */
  async function auditRefusal(
    principal: Principal,
    facts: RefusalFacts,
    action: string,
    details: Record<string, string | null>,
  ): Promise<void> {
    const context = principalContext(principal, facts);
    const target = { type: 'route', id: facts.route };
    await deps.storeFor(context).appendAudit({ action, target, details });
  }

  return {
    async credentialRefused(error, facts) {
      const evidence = error.evidence ?? { verified: false };
      deps.logger.warn('credential refused', {
        reason: error.message,
        route: facts.route,
        verified: evidence.verified,
        tenantId: evidence.tenantId,
      });
      deps.telemetry.trackEvent(alertedEvents.credentialRefused, {
        reason: error.message,
        route: facts.route,
        verified: String(evidence.verified),
      });
      if (evidence.verified && evidence.tenantId) {
        const context = {
          tenantId: evidence.tenantId,
          actor: {
            id: evidence.memberId ?? 'unknown',
            kind: 'member' as const,
            ip: facts.ip,
            ...(facts.userAgent ? { userAgent: facts.userAgent } : {}),
          },
        };
        await deps.storeFor(context).appendAudit({
          action: 'auth.credential-refused',
          target: { type: 'session', id: evidence.sessionId ?? 'unknown' },
          details: { reason: error.message, route: facts.route },
        });
        return;
      }
      await recordSecurityEvent(deps, {
        event: 'auth.credential-refused',
        reason: error.message,
        ip: facts.ip,
        ...(facts.userAgent ? { userAgent: facts.userAgent } : {}),
        route: facts.route,
        ...(evidence.tenantId ? { claimedTenantId: evidence.tenantId } : {}),
      });
    },

    async accessRefused(principal, facts) {
      deps.logger.warn('access refused', { tenantId: principal.tenantId, route: facts.route, reason: facts.reason });
      await auditRefusal(principal, facts, 'access.refused', {
        method: facts.method,
        required: facts.required,
        reason: facts.reason.slice(0, 300),
      });
    },

    async impersonationWriteRefused(principal, facts) {
      deps.logger.warn('write refused during impersonation', { tenantId: principal.tenantId, route: facts.route });
      await auditRefusal(principal, facts, 'operator.write-refused', { method: facts.method });
    },
  };
}

function principalContext(principal: Principal, facts: RefusalFacts): TenantContext {
  return {
    tenantId: principal.tenantId,
    actor: {
      id: principal.memberId,
      kind: principal.kind,
      ip: facts.ip,
      ...(facts.userAgent ? { userAgent: facts.userAgent } : {}),
    },
  };
}
