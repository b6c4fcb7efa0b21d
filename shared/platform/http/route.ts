import { randomUUID } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { parseCookie } from 'cookie';
import type { z } from 'zod';
import type { Actor, TenantContext } from '../actor';
import type { Principal } from '../auth/principal';
import {
  DependencyUnavailableError,
  ForbiddenError,
  LockedDownError,
  UnauthenticatedError,
  ValidationError,
} from '../errors';
import { getServices, type Services } from '../services';
import type { Logger } from '../telemetry/logger';
import { authorize, isOperatorOnly, isPublic, type RouteAccess } from './access';
import { boundedBody, parseJson, readBodyWithin, requireJsonContentType } from './body';
import { clientIpFrom } from './client-ip';
import { exposeAppHeaders } from './exposed-headers';
import { toProblem } from './problem';
import { assertQuerySchema, readQuery } from './query';
import { recordRefusal } from './refusals';
import { reportOutcome } from './request-outcome';
import type { DeclaredResult, RouteResult } from './route-result';
import { declaredBody, declaredResponses, type ResponseBody, type ResponseDeclaration } from './responses';
import { securityHeaders } from './security-headers';
import { validate } from './validation';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
  readonly requestId: string;
  readonly services: Services;
  readonly logger: Logger;
  readonly clientIp: string;
  readonly userAgent?: string;
  /** Validated `Idempotency-Key` header, when the client sent one. */
  readonly idempotencyKey?: string;
  /** Request cookies by name (only the refresh cookie is ever read). */
  readonly cookies: Readonly<Record<string, string | undefined>>;
  /** The request's Origin header, for routes that must check it. */
  readonly origin?: string;
  /**
   * The Authorization header on a public route, which authenticates its caller itself (the
   * Postmark webhook's HTTP Basic credentials); undefined on every other route.
   */
  readonly authorization?: string;
  /** The verified caller; throws on a public route, where there is none. */
  readonly principal: Principal;
  /** The caller's organisation, from the verified token only; throws on a public route. */
  readonly tenant: TenantContext;
}

export interface RouteInput<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
}

/** Declares a route whose body is bytes, not JSON (an upload): `body: rawBody`. */
export const rawBody = Object.freeze({ kind: 'raw-body' as const });
export type RawBodyMarker = typeof rawBody;

/**
 * What a `rawBody` route's handler gets: the declared media type (lowercase, parameters dropped)
 * and the bytes as chunks. The chunks stop with PayloadTooLargeError (413) once they pass the
 * route's `maxBodyBytes`, so a handler can stream without ever holding more than it chooses.
 */
export interface RawBody {
  readonly contentType: string | undefined;
  readonly chunks: AsyncIterable<Uint8Array>;
}

function isRawBody(spec: unknown): spec is RawBodyMarker {
  return spec === rawBody;
}

type Schema = z.ZodType;
type BodySpec = Schema | RawBodyMarker;
type Out<S> = S extends RawBodyMarker ? RawBody : S extends z.ZodType ? z.output<S> : undefined;

export interface RouteDefinition<
  B extends BodySpec | undefined,
  Q extends Schema | undefined,
  P extends Schema | undefined,
  R extends ResponseDeclaration,
> {
  /** Unique function name, e.g. `ledger-accounts-list`. */
  readonly name: string;
  readonly method: HttpMethod;
  /** Route template under /api, e.g. `ledger/accounts/{id}`. */
  readonly route: string;
  /** Required: either public with a reason, or a resource and the level it needs. */
  readonly access: RouteAccess;
  /** A zod schema for a JSON body, or `rawBody` for bytes (then `maxBodyBytes` is required). */
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  /** What the route answers; only what this declares is sent (see `responses.ts`). */
  readonly response: R;
  /** Banking, payment runs, permission management: the shorter idle timeout applies. */
  readonly sensitive?: boolean;
  /** Sign-in and token routes also count against the stricter authentication limit. */
  readonly rateLimit?: 'authentication';
  /**
   * Why this write still runs while the organisation is in read-only lockdown (ending sessions,
   * locking members, lifting the lockdown). Every other non-GET route is refused; a public one
   * (no organisation known yet) must say so here too, so no write escapes the rule unnoticed.
   */
  readonly lockdownExempt?: string;
  readonly maxBodyBytes?: number;
  readonly handler: (ctx: RouteContext, input: RouteInput<Out<B>, Out<Q>, Out<P>>) => Promise<DeclaredResult<R>>;
}

export interface DeclaredRoute {
  readonly name: string;
  readonly method: HttpMethod;
  readonly route: string;
  readonly access: RouteAccess;
  readonly sensitive: boolean;
  readonly rateLimit?: 'authentication';
  readonly lockdownExempt?: string;
  readonly body?: Schema;
  /** The route takes its body as bytes (an upload), not JSON. */
  readonly rawBody: boolean;
  readonly query?: Schema;
  readonly params?: Schema;
  readonly response: ReadonlyMap<number, ResponseBody>;
  readonly handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;
}

const declared = new Map<string, DeclaredRoute>();

/** Every route declared through the pipeline; a test compares it with what the app registered. */
export function declaredRoutes(): readonly DeclaredRoute[] {
  return [...declared.values()];
}

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

function missingOnPublicRoute(): never {
  throw new Error('this route is public: there is no principal or tenant');
}

function toResponse(result: RouteResult, requestId: string): HttpResponseInit {
  const headers = exposeAppHeaders({ ...securityHeaders, 'x-request-id': requestId, ...(result.headers ?? {}) });
  const cookies = (result.cookies ?? []).map((c) => ({ ...c }));
  if (result.body === undefined) return { status: result.status, headers, cookies };
  if (typeof result.body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return { status: result.status, headers, cookies, body: result.body };
  }
  if (result.body instanceof Uint8Array) {
    headers['content-type'] ??= 'application/octet-stream';
    return { status: result.status, headers, cookies, body: result.body };
  }
  headers['content-type'] ??= 'application/json; charset=utf-8';
  return { status: result.status, headers, cookies, body: JSON.stringify(result.body) };
}

/**
 * The one way to declare an HTTP function. In order: request id, rate limit, authentication,
 * session liveness, tenant from the token, permission, input validation, the handler, errors
 * as problem+json, security headers, telemetry. Nothing reaches a handler that failed a step.
 */
export function defineRoute<
  B extends BodySpec | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  R extends ResponseDeclaration = ResponseDeclaration,
>(definition: RouteDefinition<B, Q, P, R>): void {
  if (declared.has(definition.name)) throw new Error(`route ${definition.name} is declared twice`);
  assertQuerySchema(definition.name, definition.query);
  if (isRawBody(definition.body) && definition.maxBodyBytes === undefined)
    throw new Error(`route ${definition.name} takes a raw body and must say how large it may be (maxBodyBytes)`);
  const { access } = definition;
  const writes = definition.method !== 'GET';
  if (writes && isPublic(access) && !definition.lockdownExempt)
    throw new Error(`route ${definition.name} is a public write: say why it runs during a lockdown`);
  const responses = declaredResponses(definition.name, definition.response);

  const handler = async (request: HttpRequest, invocation: InvocationContext): Promise<HttpResponseInit> => {
    const started = performance.now();
    const requestId = randomUUID();
    const instance = new URL(request.url).pathname;
    let services: Services | undefined;
    let principal: Principal | undefined;
    let tenantId: string | undefined;
    // Known once the settings are loaded (they say which front end to trust).
    let clientIp = 'unknown';
    let status = 500;
    let paramsValidated = false;
    let answered: Record<string, string> = {};
    let failure: unknown;
    try {
      services = await getServices().catch((error: unknown) => {
        invocation.error(`services unavailable: ${error instanceof Error ? error.message : String(error)}`);
        throw new DependencyUnavailableError('The service is starting or a dependency is unavailable');
      });
      clientIp = clientIpFrom(request.headers, services.settings.FRONT_DOOR_ID);
      const userAgent = request.headers.get('user-agent') ?? undefined;
      const logger = services.logger.child({ requestId, route: definition.name });

      await services.rateLimiter.check(`ip:${clientIp}`, 'global');
      if (definition.rateLimit === 'authentication')
        await services.rateLimiter.check(`ip:${clientIp}`, 'authentication');

      let tenant: TenantContext | undefined;
      const extraHeaders: Record<string, string> = {};
      if (!isPublic(access)) {
        const authorization = request.headers.get('authorization') ?? undefined;
        if (!authorization) throw new UnauthenticatedError('Sign in to use this route');
        principal = await services.authenticator.authenticate({ authorization, ip: clientIp, userAgent });
        const session = await services.sessionGuard.touch(principal, { sensitive: definition.sensitive === true });
        // The SPA warns before a timeout and offers to extend (any request, or a refresh, extends).
        if (session.idleSecondsRemaining !== undefined)
          extraHeaders['x-session-idle-remaining'] = String(session.idleSecondsRemaining);
        if (session.sensitiveIdleSecondsRemaining !== undefined)
          extraHeaders['x-session-sensitive-idle-remaining'] = String(session.sensitiveIdleSecondsRemaining);
        const actor: Actor = { id: principal.memberId, kind: principal.kind, ip: clientIp, userAgent };
        tenant = {
          tenantId: principal.tenantId,
          actor,
          restrictions: principal.restrictions ?? {},
          ...(principal.organization ? { organization: principal.organization } : {}),
        };
        tenantId = tenant.tenantId;
        // Platform operators look, never touch: impersonation sessions are read-only, except for
        // the operator-only routes (locking an organisation down in an incident).
        if (principal.kind === 'operator' && writes && !isOperatorOnly(access))
          throw new ForbiddenError('An operator session is read-only');
        authorize(principal, access);
        // Right after authorization, before any input is read: a locked-down organisation is read-only.
        if (principal.organization?.lockdown && writes && !definition.lockdownExempt)
          throw new LockedDownError(
            'The organisation is in read-only lockdown; only reads are allowed until it is lifted',
          );
      }

      const params = definition.params ? validate(definition.params, request.params, 'params') : undefined;
      paramsValidated = params !== undefined;
      const query = readQuery(definition.query, request.query);
      let body: unknown;
      const limit = definition.maxBodyBytes ?? services.settings.HTTP_MAX_BODY_BYTES;
      const spec: BodySpec | undefined = definition.body;
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
      const idempotencyKey = readIdempotencyKey(request);

      const context: RouteContext = {
        requestId,
        services,
        logger,
        clientIp,
        userAgent,
        idempotencyKey,
        cookies: parseCookie(request.headers.get('cookie') ?? ''),
        origin: request.headers.get('origin') ?? undefined,
        authorization: isPublic(access) ? (request.headers.get('authorization') ?? undefined) : undefined,
        get principal() {
          return principal ?? missingOnPublicRoute();
        },
        get tenant() {
          return tenant ?? missingOnPublicRoute();
        },
      };
      const input = { body, query, params } as RouteInput<Out<B>, Out<Q>, Out<P>>;
      const result: RouteResult = await definition.handler(context, input);
      const headers = { ...extraHeaders, ...(result.headers ?? {}) };
      const sent = declaredBody(definition.name, responses, result.status, result.body, headers['content-type']);
      status = result.status;
      answered = headers;
      return toResponse({ ...result, body: sent, headers }, requestId);
    } catch (error) {
      failure = error;
      if (services) {
        const { name: route, method } = definition;
        const userAgent = request.headers.get('user-agent') ?? undefined;
        await recordRefusal(services, error, { route, method, access, ip: clientIp, userAgent, principal });
      }
      const problem = toProblem(error, instance, requestId);
      status = problem.status;
      if (status >= 500) {
        services?.logger.error('request failed', { requestId, route: definition.name, error });
        services?.telemetry.trackException(error, { requestId, route: definition.name });
      }
      return toResponse({ status: problem.status, headers: problem.headers, body: problem.body }, requestId);
    } finally {
      if (services && principal) {
        const userAgent = request.headers.get('user-agent') ?? undefined;
        const finished = { route: definition, principal, ip: clientIp, userAgent, status, headers: answered };
        await reportOutcome(services.requestObserver, services.logger, {
          ...finished,
          paramsValidated,
          error: failure,
        });
      }
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      services?.logger.info('request', {
        requestId,
        route: definition.name,
        method: definition.method,
        status,
        durationMs,
        tenantId,
      });
    }
  };

  declared.set(definition.name, {
    name: definition.name,
    method: definition.method,
    route: definition.route,
    access,
    sensitive: definition.sensitive === true,
    ...(definition.rateLimit ? { rateLimit: definition.rateLimit } : {}),
    ...(definition.lockdownExempt ? { lockdownExempt: definition.lockdownExempt } : {}),
    rawBody: isRawBody(definition.body),
    ...(definition.body && !isRawBody(definition.body) ? { body: definition.body } : {}),
    ...(definition.query ? { query: definition.query } : {}),
    ...(definition.params ? { params: definition.params } : {}),
    response: responses,
    handler,
  });
  // v4 defaults to anonymous GET+POST: always say exactly which method and leave auth to the pipeline.
  app.http(definition.name, { methods: [definition.method], route: definition.route, authLevel: 'anonymous', handler });
}
