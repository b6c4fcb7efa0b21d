import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors';
import { assertQuerySchema, readQuery } from './query';

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  }
  return expect.unreachable('the query was accepted');
}

describe('reading a query', () => {
  const filters = z.object({ asOf: z.iso.date(), facility: z.string().optional() });

  it('refuses a parameter the route does not name, naming it', () => {
    const problems = problemsOf(() => readQuery(filters, new URLSearchParams('asOf=2026-01-31&facilty=F1')));
    expect(problems).toEqual([{ field: 'facilty', reason: 'not a parameter of this route' }]);
  });

  it('refuses any parameter on a route that takes none', () => {
    const problems = problemsOf(() => readQuery(undefined, new URLSearchParams('debug=1&x=2')));
    expect(problems.map((p) => p.field)).toEqual(['debug', 'x']);
  });

  it('still refuses unknown parameters when the schema is refined', () => {
    const refined = filters.refine(() => true);
    expect(problemsOf(() => readQuery(refined, new URLSearchParams('asOf=2026-01-31&x=1')))).toHaveLength(1);
  });

  it('accepts what the route names, and parses it', () => {
    expect(readQuery(filters, new URLSearchParams('asOf=2026-01-31'))).toEqual({ asOf: '2026-01-31' });
    expect(readQuery(undefined, new URLSearchParams(''))).toBeUndefined();
  });

  it('lets a loose object take parameters it does not name (identity-provider callbacks)', () => {
    const callback = z.looseObject({ state: z.string() });
    expect(readQuery(callback, new URLSearchParams('state=s&session_state=x'))).toMatchObject({ state: 's' });
  });

  it('refuses to declare a query schema that is not an object', () => {
    expect(() => assertQuerySchema('r', z.string())).toThrow(/must be a z.object/);
    expect(() =>
      assertQuerySchema(
        'r',
        filters.transform((q) => q),
      ),
    ).toThrow(/must be a z.object/);
    expect(() => assertQuerySchema('r', filters)).not.toThrow();
    expect(() => assertQuerySchema('r', undefined)).not.toThrow();
  });
});
