import { z } from 'zod';

/** Schemas by media type, for a status that answers in more than JSON (a report as CSV). */
export interface MediaTypes {
  readonly [mediaType: `${string}/${string}`]: z.ZodType;
}

/** What one status sends: a JSON body, nothing (`null`: 204, redirects) or a body per media type. */
export type ResponseBody = z.ZodType | null | MediaTypes;

/**
 * What a route answers. One schema is the 200 body; otherwise a body per status. Errors are not
 * declared here: the pipeline sends them as problem+json.
 */
export type ResponseDeclaration = z.ZodType | { readonly [status: number]: ResponseBody };

/** A handler answered something its route does not declare: an internal error, never a leak. */
export class ResponseContractError extends Error {
  constructor(route: string, status: number, problem: string) {
    super(`route ${route} answered ${status} outside its response schema: ${problem}`);
    this.name = 'ResponseContractError';
  }
}

export function declaredStatuses(declaration: ResponseDeclaration): ReadonlyMap<number, ResponseBody> {
  if (declaration instanceof z.ZodType) return new Map([[200, declaration]]);
  return new Map(Object.entries(declaration).map(([status, body]) => [Number(status), body]));
}

export const jsonMediaType = 'application/json';

/** A download's body: bytes sent as they are, under one of the media types the route declares. */
export const binaryBody = z
  .instanceof(Uint8Array)
  .meta({ description: "The file's bytes", override: { type: 'string', format: 'binary' } });

/** The schema per media type a status answers with (empty for a status without a body). */
export function mediaTypesOf(body: ResponseBody): ReadonlyMap<string, z.ZodType> {
  if (body === null) return new Map();
  if (body instanceof z.ZodType) return new Map([[jsonMediaType, body]]);
  return new Map(Object.entries(body));
}

/** Schema kinds that send only what they name; anything else could carry fields nobody declared. */
const passThrough = new Set(['string', 'number', 'boolean', 'null', 'undefined', 'enum', 'literal']);
const wrappers = new Set(['optional', 'nullable', 'readonly', 'default', 'nonoptional']);

/**
 * Refuses, when a route is declared, a response schema that could pass undeclared data: `any`,
 * `unknown`, loose objects or catch-alls, transforms (whose output nobody declared). Objects must
 * strip unknown keys (zod's default) at every depth.
 */
export function assertStripping(schema: z.ZodType, where: string): void {
  if (schema === binaryBody) return;
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const child = (inner: unknown, path: string) => assertStripping(inner as z.ZodType, `${where}${path}`);
  if (passThrough.has(def.type)) return;
  if (wrappers.has(def.type)) return child(def.innerType, '');
  switch (def.type) {
    case 'object': {
      if (def.catchall !== undefined) throw new Error(`${where}: response objects must strip unknown keys`);
      for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) child(value, `.${key}`);
      return;
    }
    case 'array':
      return child(def.element, '[]');
    case 'record':
      child(def.keyType, '{key}');
      return child(def.valueType, '{}');
    case 'union':
      for (const [index, option] of (def.options as unknown[]).entries()) child(option, `|${index}`);
      return;
    default:
      throw new Error(`${where}: a ${def.type} schema could send undeclared data; name every field`);
  }
}

/** A route's declaration by status, each schema checked to strip what it does not name. */
export function declaredResponses(route: string, declaration: ResponseDeclaration): ReadonlyMap<number, ResponseBody> {
  const statuses = declaredStatuses(declaration);
  for (const [status, body] of statuses)
    for (const [mediaType, schema] of mediaTypesOf(body)) assertStripping(schema, `${route} ${status} ${mediaType}`);
  return statuses;
}

/**
 * The body exactly as declared for this status and media type: unknown keys stripped at every
 * depth. A body that does not fit, or a status or media type not declared, is the route's bug.
 */
export function declaredBody(
  route: string,
  statuses: ReadonlyMap<number, ResponseBody>,
  status: number,
  body: unknown,
  contentType?: string,
): unknown {
  const declared = statuses.get(status);
  if (declared === undefined) throw new ResponseContractError(route, status, 'the status is not declared');
  if (body === undefined) {
    if (declared === null) return undefined;
    throw new ResponseContractError(route, status, 'the body is missing');
  }
  const declaredType = (fallback: string) => (contentType ?? fallback).split(';')[0]!.trim();
  const mediaType =
    typeof body === 'string'
      ? declaredType('text/plain')
      : body instanceof Uint8Array
        ? declaredType('application/octet-stream')
        : jsonMediaType;
  const schema = mediaTypesOf(declared).get(mediaType);
  if (!schema) throw new ResponseContractError(route, status, `${mediaType} is not declared`);
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  // Paths and zod's messages only: the values may be exactly what must not leave.
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  throw new ResponseContractError(route, status, problems.join('; '));
}
