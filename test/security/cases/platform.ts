import type { RouteCase } from '../route-case';

const wholeLog = { unaffected: 'the audit log is the organisation’s, not a facility’s or a division’s' };

/** Health, the API description and audit review. */
export const platformCases: Record<string, RouteCase> = {
  health: { public: true, request: () => ({}), expect: 200 },
  openapi: { public: true, request: () => ({}), expect: 200 },
  'admin-audit-list': {
    request: () => ({ query: { action: 'access.refused', pageSize: '5' } }),
    restricted: wholeLog,
  },
  'admin-audit-verify': { request: () => ({}), restricted: wholeLog },
};
