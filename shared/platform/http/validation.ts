import type { z } from 'zod';
import { ValidationError, type FieldProblem } from '../errors';

/** Runs a zod schema; failures become one ValidationError naming every field and why. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: FieldProblem[] = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || where,
    reason: issue.message,
  }));
  throw new ValidationError(`The request ${where} is invalid`, problems);
}
