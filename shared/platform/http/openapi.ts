import {
  createDocument,
  type ZodOpenApiObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { z } from 'zod';
import { isPublic } from './access';
import { problemDocument, statusTitles } from './problem';
import { mediaTypesOf } from './responses';
import type { DeclaredRoute } from './route';

/** An upload's body: the file's bytes, its media type in Content-Type (the route checks both). */
const uploadedBytes = z
  .string()
  .meta({ description: "The file's bytes, sent as they are", override: { type: 'string', format: 'binary' } });

/** Routes are served under /api (host.json's route prefix). */
export const apiBase = '/api';

/** A route template as OpenAPI writes it: `{id:guid}` and `{part?}` become `{id}` and `{part}`. */
export const openApiPath = (route: string): string =>
  `/${route.replace(/\{\*?([A-Za-z_][A-Za-z0-9_]*)[^}]*\}/g, '{$1}')}`;

/**
 * The problem statuses the pipeline itself can answer on a route, from what the route declares:
 * every route can be refused input (a malformed Idempotency-Key, a query parameter it does not
 * take) and rate-limited; signed-in routes, and the public ones that check credentials of their
 * own (sign-in, refresh), refuse missing or insufficient ones; ids in the path may name nothing
 * the caller can see; writes can conflict with the record's state or meet a lockdown; bodies can
 * be too large or not JSON.
 */
export function problemStatuses(route: DeclaredRoute): number[] {
  const checksCredentials = !isPublic(route.access) || route.rateLimit === 'authentication';
  return [
    400,
    ...(checksCredentials ? [401, 403] : []),
    ...(route.params ? [404] : []),
    ...(!isPublic(route.access) && route.method !== 'GET' ? [409] : []),
    ...(route.body || route.rawBody ? [413, 415] : []),
    // The organisation in read-only lockdown refuses the writes not declared exempt.
    ...(!isPublic(route.access) && route.method !== 'GET' && !route.lockdownExempt ? [423] : []),
    429,
    500,
    503,
  ];
}

const describe = (status: number) => statusTitles[status] ?? (status === 302 ? 'Found' : `Status ${status}`);
const successTitles: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
};

/** One component per status (`#/components/responses/Problem404`), referenced by every route. */
const problemResponses = new Map<number, ZodOpenApiResponseObject>();
function problemResponse(status: number): ZodOpenApiResponseObject {
  const response = problemResponses.get(status) ?? {
    id: `Problem${status}`,
    description: describe(status),
    content: { 'application/problem+json': { schema: problemDocument } },
  };
  problemResponses.set(status, response);
  return response;
}

function responsesOf(route: DeclaredRoute): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, body] of route.response) {
    const content = Object.fromEntries([...mediaTypesOf(body)].map(([type, schema]) => [type, { schema }]));
    responses[String(status) as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: successTitles[status] ?? describe(status),
      ...(body === null ? {} : { content }),
      ...(status >= 300 && status < 400 ? { headers: z.object({ location: z.string() }) } : {}),
    };
  }
  for (const status of problemStatuses(route))
    responses[String(status) as `${1 | 2 | 3 | 4 | 5}${string}`] = problemResponse(status);
  return responses;
}

function operationOf(route: DeclaredRoute): ZodOpenApiOperationObject {
  const { access } = route;
  return {
    operationId: route.name,
    tags: [route.route.split(/[/.]/)[0]!],
    ...('reason' in access ? { description: access.reason } : {}),
    // Public routes need no access token (sign-in and refresh prove themselves otherwise).
    security: isPublic(access) ? [] : [{ bearer: [] }],
    'x-permission': access,
    ...(route.sensitive ? { 'x-sensitive': true } : {}),
    ...(route.lockdownExempt ? { 'x-lockdown-exempt': route.lockdownExempt } : {}),
    ...(route.params || route.query
      ? {
          requestParams: {
            ...(route.params ? { path: route.params as z.ZodObject } : {}),
            ...(route.query ? { query: route.query as z.ZodObject } : {}),
          },
        }
      : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    ...(route.rawBody ? { requestBody: { required: true, content: { '*/*': { schema: uploadedBytes } } } } : {}),
    responses: responsesOf(route),
  };
}

/** The OpenAPI 3.1 document of the declared routes: permissions, parameters, bodies, answers, problems. */
export function openApiDocument(routes: readonly DeclaredRoute[], info: ZodOpenApiObject['info']) {
  const paths: NonNullable<ZodOpenApiObject['paths']> = {};
  for (const route of routes) {
    const path = (paths[openApiPath(route.route)] ??= {});
    path[route.method.toLowerCase() as 'get'] = operationOf(route);
  }
  return createDocument({
    openapi: '3.1.0',
    info,
    servers: [{ url: apiBase }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The 15-minute access token from POST /auth/refresh',
        },
      },
    },
  });
}

/** The document as served: JSON text, typed as the object it is. */
export const openApiText = z.string().meta({ description: 'This OpenAPI 3.1 document', override: { type: 'object' } });
