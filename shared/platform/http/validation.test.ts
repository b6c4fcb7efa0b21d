import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors';
import { validate } from './validation';

describe('validate', () => {
  const schema = z.object({
    memo: z.string().max(5),
    lines: z.array(z.object({ amount: z.string().regex(/^\d+\.\d{2}$/) })),
  });

  it('names nested fields by path', () => {
    try {
      validate(schema, { memo: 'too long', lines: [{ amount: '1.00' }, { amount: '1.5' }] }, 'body');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const fields = (error as ValidationError).problems.map((p) => p.field);
      expect(fields).toEqual(['memo', 'lines.1.amount']);
    }
  });

  it('returns the parsed value when valid', () => {
    expect(validate(schema, { memo: 'ok', lines: [] }, 'body')).toEqual({ memo: 'ok', lines: [] });
  });
});
