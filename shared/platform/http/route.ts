import { randomUUID } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { parseCookie } from 'cookie';
import type { Principal } from '../auth/principal';
import { DependencyUnavailableError } from '../errors';
import { getServices, type Services } from '../services';
import { isPublic } from './access';
import { clientIpFrom } from './client-ip';
import { toProblem } from './problem';
import { assertQuerySchema } from './query';
import { recordRefusal } from './refusals';
import { reportOutcome } from './request-outcome';
import { identifyCaller, type Caller } from './route-caller';
import {
  declare,
  isRawBody,
  type BodySpec,
  type Out,
  type RouteContext,
  type RouteDefinition,
  type RouteInput,
  type Schema,
} from './route-definition';
import { readInput } from './route-input';
import type { RouteResult } from './route-result';
import { toResponse } from './route-response';
import { declaredBody, declaredResponses, type ResponseDeclaration } from './responses';

export {
  declaredRoutes,
  rawBody,
  type DeclaredRoute,
  type HttpMethod,
  type RawBody,
  type RouteContext,
  type RouteDefinition,
  type RouteInput,
} from './route-definition';

function missingOnPublicRoute(): never {
  throw new Error('this route is public: there is no principal or tenant');
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

      let caller: Caller | undefined;
      if (!isPublic(access)) {
        caller = await identifyCaller(
          services,
          request,
          { ...definition, access },
          { ip: clientIp, userAgent },
          writes,
          (known) => {
            principal = known;
          },
        );
        tenantId = caller.tenant.tenantId;
      }
      const { params, query, body, idempotencyKey } = await readInput(definition, request, services);
      paramsValidated = params !== undefined;

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
          return caller?.tenant ?? missingOnPublicRoute();
        },
      };
      const input = { body, query, params } as RouteInput<Out<B>, Out<Q>, Out<P>>;
      const result: RouteResult = await definition.handler(context, input);
      const headers = { ...caller?.headers, ...(result.headers ?? {}) };
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

  declare({
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
