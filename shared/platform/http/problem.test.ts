import { describe, expect, it } from 'vitest';
import { ContentionError, NotFoundError, TooManyRequestsError, UnauthenticatedError, ValidationError } from '../errors';
import { toProblem } from './problem';

describe('toProblem', () => {
  it('names each invalid field and why', () => {
    const problem = toProblem(
      new ValidationError('Invalid body', [{ field: 'lines.0.amount', reason: 'must be positive' }]),
      '/api/x',
      'rid',
    );
    expect(problem.status).toBe(400);
    expect(problem.headers['content-type']).toBe('application/problem+json');
    expect(problem.body).toMatchObject({
      type: 'https://ledgerline.dev/problems/validation-failed',
      status: 400,
      instance: '/api/x',
      requestId: 'rid',
      errors: [{ field: 'lines.0.amount', reason: 'must be positive' }],
    });
  });

  it('hides the message and stack of an unexpected error', () => {
    const problem = toProblem(new Error('connection to 10.0.0.5 with AccountKey=abc failed'), '/api/x', 'rid');
    expect(problem.status).toBe(500);
    const text = JSON.stringify(problem);
    expect(text).not.toContain('AccountKey');
    expect(text).not.toContain('10.0.0.5');
    expect(text).not.toContain('at ');
  });

  it('asks for a bearer token on 401 and says when to retry on 429', () => {
    expect(toProblem(new UnauthenticatedError('no token'), '/', 'r').headers['www-authenticate']).toBe('Bearer');
    expect(toProblem(new TooManyRequestsError('slow down', 12.2), '/', 'r').headers['retry-after']).toBe('13');
  });

  it('answers exhausted optimistic concurrency with a retryable 503, not a 412 the client did not cause', () => {
    const problem = toProblem(new ContentionError('The journal kept changing'), '/', 'r');
    expect(problem.status).toBe(503);
    expect(problem.headers['retry-after']).toBe('1');
    expect(problem.body.type).toMatch(/contention$/);
  });

  it('maps typed errors to their status', () => {
    expect(toProblem(new NotFoundError('no such bill'), '/', 'r').status).toBe(404);
  });
});
