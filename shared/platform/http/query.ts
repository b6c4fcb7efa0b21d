import { z } from 'zod';
import { ValidationError, type FieldProblem } from '../errors';
import { validate } from './validation';

/**
 * A route's query schema must be an object, so the pipeline knows every parameter it accepts.
 * Checked when the route is declared: a route that could not say which parameters it takes
 * would have to ignore unknown ones.
 */
export function assertQuerySchema(route: string, schema: z.ZodType | undefined): void {
  if (schema !== undefined && !(schema instanceof z.ZodObject)) {
    throw new Error(`route ${route}: the query schema must be a z.object, so unknown parameters can be refused`);
  }
}

/** Only `z.looseObject` accepts parameters it does not name (identity providers add their own). */
function acceptsUnnamed(schema: z.ZodObject): boolean {
  return schema.def.catchall instanceof z.ZodUnknown || schema.def.catchall instanceof z.ZodAny;
}

/**
 * Unknown query parameters are refused, naming each: a misspelt filter (`?facilty=F1`) silently
 * ignored would return everything. A route without a query schema takes no parameters. (A
 * repeated parameter reaches the app once, comma-joined by the Functions host, and meets the
 * parameter's own schema.)
 */
export function readQuery(schema: z.ZodType | undefined, query: URLSearchParams): unknown {
  const named = schema instanceof z.ZodObject ? new Set(Object.keys(schema.shape)) : new Set<string>();
  const loose = schema instanceof z.ZodObject && acceptsUnnamed(schema);
  const problems: FieldProblem[] = [];
  for (const key of new Set(query.keys())) {
    if (!named.has(key) && !loose) problems.push({ field: key, reason: 'not a parameter of this route' });
  }
  if (problems.length > 0)
    throw new ValidationError('The request query has parameters this route does not take', problems);
  return schema ? validate(schema, Object.fromEntries(query), 'query') : undefined;
}
