import { openApiDocument, openApiText } from '../shared/platform/http/openapi';
import { declaredRoutes, defineRoute } from '../shared/platform/http/route';

let served: string | undefined;

defineRoute({
  name: 'openapi',
  method: 'GET',
  route: 'openapi.json',
  access: {
    public: true,
    reason: 'describes every route, its permission and its shapes for clients and tools; no data',
  },
  response: { 200: { 'application/json': openApiText } },
  // Built on first use, when every route of the app has been declared.
  handler: async () => {
    served ??= JSON.stringify(openApiDocument(declaredRoutes(), { title: 'Ledgerline API', version: '1.0.0' }));
    return { status: 200, body: served, headers: { 'content-type': 'application/json; charset=utf-8' } };
  },
});
