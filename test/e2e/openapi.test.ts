import { resolve } from 'node:path';
import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../../shared/platform/http/openapi';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { listRegistrations } from '../harness/registrations';

/** A declared route, from the app's own registrations (every HTTP one goes through the pipeline). */
interface DeclaredRouteSummary {
  name: string;
  method: string;
  route: string;
  access: Record<string, unknown>;
}

interface Operation {
  operationId: string;
  security: Array<Record<string, string[]>>;
  'x-permission': Record<string, unknown>;
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}
interface Document {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
}

describe('the OpenAPI document at GET /api/openapi.json', () => {
  let host: RunningHost;
  let document: Document;
  let routes: DeclaredRouteSummary[];
  const operation = (route: DeclaredRouteSummary) =>
    document.paths[openApiPath(route.route)]?.[route.method.toLowerCase()];

  beforeAll(async () => {
    routes = listRegistrations(resolve(__dirname, '../../functions/index.ts'))
      .functions.filter((fn) => fn.trigger === 'httpTrigger' && fn.throughPipeline)
      .map((fn) => ({ name: fn.name, method: fn.methods![0]!, route: fn.route!, access: { ...fn.access } }));
    host = await startHostedApp({ entry: 'functions/index.ts' });
    const response = await fetch(`${host.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await response.json()) as Document;
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.warnings).toEqual([]);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: '/api' }]);
  });

  it('lists every declared route, with its method, path and permission, and nothing else', () => {
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) {
      const described = operation(route);
      expect(described?.operationId, `${route.method} ${route.route}`).toBe(route.name);
      expect(described?.['x-permission'], route.name).toEqual(route.access);
      expect(described?.security, route.name).toEqual(route.access.public ? [] : [{ bearer: [] }]);
    }
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations.map((o) => o.operationId).sort()).toEqual(routes.map((r) => r.name).sort());
  });

  it('names every path parameter as required, and documents the body of every route that takes one', () => {
    for (const route of routes) {
      const described = operation(route)!;
      const inPath = [...openApiPath(route.route).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pathParameters = (described.parameters ?? []).filter((p) => p.in === 'path');
      expect(
        pathParameters.map((p) => [p.name, p.required]),
        route.name,
      ).toEqual(inPath.map((n) => [n, true]));
    }
    const create = operation(routes.find((r) => r.name === 'ledger-journal-entries-create')!)!;
    expect(Object.keys(create.requestBody!.content)).toEqual(['application/json']);
    expect(create.responses['201']).toBeDefined();
    expect(create.responses['415']).toEqual({ $ref: '#/components/responses/Problem415' });
  });

  it('gives each route its problem answers as application/problem+json', () => {
    for (const route of routes) {
      const statuses = Object.keys(operation(route)!.responses);
      expect(statuses, route.name).toEqual(expect.arrayContaining(['400', '429', '500']));
      if (!route.access.public) expect(statuses, route.name).toEqual(expect.arrayContaining(['401', '403']));
    }
    const reopen = operation(routes.find((r) => r.name === 'ledger-periods-reopen')!)!;
    expect(Object.keys(reopen.responses).sort()).toEqual(
      ['200', '202', '400', '401', '403', '404', '409', '423', '429', '500', '503'].sort(),
    );
  });

  it('describes the problem documents the app really sends', async () => {
    const refused = await fetch(`${host.url}/api/ledger/accounts`);
    expect(refused.status).toBe(401);
    const problem = (await refused.json()) as Record<string, unknown>;
    const schema = document.components.schemas.Problem!;
    expect(Object.keys(problem).every((key) => key in schema.properties)).toBe(true);
    expect(schema.required.every((key) => key in problem)).toBe(true);
  });
});
