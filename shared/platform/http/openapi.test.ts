import { describe, expect, it } from 'vitest';
import { openApiPath } from './openapi';

describe('route templates as OpenAPI paths', () => {
  it.each([
    ['ledger/accounts/{id}', '/ledger/accounts/{id}'],
    ['items/{id:guid}/parts/{part?}', '/items/{id}/parts/{part}'],
    ['files/{*rest}', '/files/{rest}'],
    ['openapi.json', '/openapi.json'],
  ])('%s is %s', (route, path) => expect(openApiPath(route)).toBe(path));
});
