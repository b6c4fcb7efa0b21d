import { describe, expect, it } from 'vitest';
import { RouteTemplate } from './route-table';

describe('RouteTemplate', () => {
  it('matches literals case-insensitively and captures parameters', () => {
    expect(new RouteTemplate('ledger/accounts/{id}').match('/Ledger/accounts/a-1')).toEqual({ params: { id: 'a-1' } });
    expect(new RouteTemplate('ledger/accounts/{id}').match('/ledger/accounts')).toBeUndefined();
    expect(new RouteTemplate('ledger/accounts/{id}').match('/ledger/accounts/a/b')).toBeUndefined();
  });

  it('applies constraints, optional segments and catch-alls', () => {
    expect(new RouteTemplate('x/{id:guid}').match('/x/nope')).toBeUndefined();
    expect(new RouteTemplate('x/{n:int}').match('/x/42')).toEqual({ params: { n: '42' } });
    expect(new RouteTemplate('x/{part?}').match('/x')).toEqual({ params: {} });
    expect(new RouteTemplate('files/{*path}').match('/files/a/b%20c')).toEqual({ params: { path: 'a/b c' } });
  });

  it('ranks literal routes above parameter routes', () => {
    expect(new RouteTemplate('periods/current').specificity).toBeGreaterThan(
      new RouteTemplate('periods/{id}').specificity,
    );
  });

  it('refuses unknown constraints', () => {
    expect(() => new RouteTemplate('x/{id:uuidish}')).toThrow(/unknown route constraint/);
  });
});
