import type { RouteCase } from '../route-case';

/** Restricted members see only their entries and cannot change the lists: proven in the lists' own suite. */
const suite = { suite: 'test/e2e/dimensions.test.ts' };

/** Facility and division lists (A's world holds F1, F2, D1, D2; B's none). */
export const dimensionCases: Record<string, RouteCase> = {
  'settings-facilities-list': { request: () => ({ query: { includeInactive: 'true' } }), restricted: suite },
  'settings-facilities-create': {
    request: (world) => ({ body: { code: `F-${world.unique()}`, name: 'A new plant' } }),
    restricted: suite,
  },
  'settings-facilities-change': {
    request: () => ({ params: { code: 'F2' }, body: { name: 'Plant two' } }),
    restricted: suite,
  },
  'settings-divisions-list': { request: () => ({}), restricted: suite },
  'settings-divisions-create': {
    request: (world) => ({ body: { code: `D-${world.unique()}`, name: 'A new division' } }),
    restricted: suite,
  },
  'settings-divisions-change': {
    request: () => ({ params: { code: 'D2' }, body: { name: 'Division two' } }),
    restricted: suite,
  },
  'settings-dimensions-migrate': { request: () => ({}), restricted: suite },
};
